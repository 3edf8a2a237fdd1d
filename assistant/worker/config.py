"""What the engine is configured with: folders, device, precision, memory budget, placements.

Its own module so that the window can make one before its first paint without importing
the engine (worker/engine.py re-exports it; the engine is imported with the worker thread).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.core.models.loader import ModelLoader


@dataclass(frozen=True)
class EngineConfig:
    models_dir: Path
    extra_model_dirs: tuple[str, ...] = ()
    device: str = "auto"
    hf_cache: Path | None = None
    dtype: str = "auto"
    memory_budget_bytes: int = 0  # 0: half of the device's memory
    oom_action: str = "ask"  # "ask" | "lower precision" | "cpu"
    allow_pickle: bool = False
    placements: tuple[tuple[str, str, str], ...] = ()  # (model key, device, dtype) for single models
    data_dir: Path | None = None  # jobs, classifiers, organize logs; None: app_paths().data at each request

    @classmethod
    def from_settings(cls, settings, paths) -> EngineConfig:
        """From assistant.settings.Settings and assistant.paths.AppPaths."""
        placements = []
        for key, value in getattr(settings, "model_placements", {}).items():
            device, _, dtype = str(value).partition("/")
            placements.append((key, device or "auto", dtype or settings.dtype))
        return cls(
            models_dir=paths.models,
            extra_model_dirs=tuple(settings.extra_model_dirs),
            device=settings.device,
            dtype=getattr(settings, "dtype", "auto"),
            memory_budget_bytes=max(0, int(getattr(settings, "memory_budget_mb", 0))) * 1024 * 1024,
            oom_action=getattr(settings, "oom_action", "ask"),
            allow_pickle=bool(getattr(settings, "allow_pickle_weights", False)),
            placements=tuple(sorted(placements)),
            data_dir=paths.data,
        )

    def make_loader(self, on_change) -> ModelLoader:
        from assistant.core.models import precision
        from assistant.core.models.loader import ModelLoader

        return ModelLoader(
            device=self.device,
            dtype=self.dtype,
            budget_bytes=self.memory_budget_bytes,
            overrides={key: (device, dtype) for key, device, dtype in self.placements},
            allow_pickle=self.allow_pickle,
            on_change=on_change,
            verdicts_file=precision.verdicts_path(self.models_dir),
        )
