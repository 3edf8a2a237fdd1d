"""Classify, teach-by-example and organize requests, and their results."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.core.protocol import Task, new_id
from assistant.core.scores import LabelScores


@dataclass(frozen=True)
class ClassifyItem:
    """One thing to classify: pasted text (path None) or a file to read."""

    name: str
    text: str | None = None
    path: str | None = None


@dataclass(frozen=True)
class WalkOptions:
    """How folders are walked (see core/files.walk_files)."""

    include: tuple[str, ...] = ()  # globs, e.g. ("*.pdf", "*.txt"); empty = every file
    exclude: tuple[str, ...] = ()
    hidden: bool = False
    follow_links: bool = False


@dataclass(frozen=True)
class ClassifyRequest:
    labels: tuple[str, ...]
    items: tuple[ClassifyItem, ...]
    model: str | None = None
    id: int = field(default_factory=new_id)
    # --- options for classifying local files (descriptions, multi-label, trained classifiers,
    # jobs over folders); the defaults give plain zero-shot over ``items``
    descriptions: tuple[tuple[str, str], ...] = ()  # (label, description or example phrases separated by ';')
    multi_label: bool = False  # every label at or above ``threshold`` instead of the single best
    threshold: float = 0.5
    unsure_below: float = 0.0  # a top score below this puts the item in "unsure"
    classifier: str | None = None  # name of a trained classifier (teach by example) instead of zero-shot
    # Revise every score once the whole batch is scored, by self-training on it (core/classify/refine.py):
    # zero-shot and taught classifiers, one label per item, 20 items or more.
    self_train: bool = True
    job: str | None = None  # checkpointed job id: results go to <data>/jobs/<job>; an existing job resumes
    sources: tuple[str, ...] = ()  # files and folders the worker walks (besides ``items``)
    walk: WalkOptions = WalkOptions()
    max_file_bytes: int = 10 * 1024 * 1024
    # What the command line does with a job's results when it ends, kept in the job's spec so that
    # a resume from any folder does the same: write them to ``out`` (.csv/.json), and move or copy
    # the files into ``organize_to`` (``organize_mode`` "move" or "copy"; only a plan when
    # ``organize_dry_run``).  Paths absolute; the worker only stores them.
    out: str = ""
    organize_to: str = ""
    organize_mode: str = ""
    organize_dry_run: bool = False
    task = Task.CLASSIFY


@dataclass(frozen=True)
class TrainRequest:
    """Teach by example: embed example files, train a small classifier, save it as ``name``."""

    name: str
    examples_dir: str | None = None  # one subfolder per label, its files the examples
    examples: tuple[tuple[str, str], ...] = ()  # more (path, label) pairs, e.g. corrections made in the table
    extend: bool = False  # add to the examples the classifier named ``name`` already has
    model: str | None = None  # the embedding model; None = the installed one
    max_file_bytes: int = 10 * 1024 * 1024
    # Tune the embedding model on the examples first (core/classify/finetune.py): slower, usually more
    # accurate.  None: as the classifier being extended was trained (not tuned for a new one).
    finetune: bool | None = None
    id: int = field(default_factory=new_id)
    task = Task.TRAIN_CLASSIFIER


@dataclass(frozen=True)
class OrganizeRequest:
    """Copy or move classified files into one folder per label, or undo such a run.

    ``assignments`` are (path, label) pairs; ``dry_run`` only plans.  With ``undo``
    set (a run id) everything else is ignored and that run is undone.
    """

    assignments: tuple[tuple[str, str], ...] = ()
    destination: str = ""
    mode: str = "move"  # "move" | "copy"
    dry_run: bool = False
    undo: str | None = None
    model: str | None = None  # unused: organizing needs no model
    id: int = field(default_factory=new_id)
    task = Task.ORGANIZE


@dataclass(frozen=True)
class Passage:
    """A part of a document that drove its label: ``text`` is ``document[start:end]``."""

    text: str
    score: float  # the passage's own score for ``label``
    label: str
    start: int
    end: int
    before: str = ""  # a little context either side, to show the passage highlighted in place
    after: str = ""


@dataclass(frozen=True)
class ClassifiedItem:
    index: int
    name: str
    scores: LabelScores | None  # None when the item could not be read
    error: str = ""  # why, for a person, when scores is None
    path: str = ""
    labels: tuple[str, ...] = ()  # the chosen label(s); empty when unsure or unreadable
    unsure: bool = False  # the best score was under the request's threshold
    passages: tuple[Passage, ...] = ()
    chunks: int = 0  # passages scored (long documents are split to fit the model)

    @property
    def ok(self) -> bool:
        return self.scores is not None

    @property
    def label(self) -> str:
        """What the table shows: the label, "unsure", or "unreadable"."""
        if self.scores is None:  # not ok
            return "unreadable"
        if self.unsure:
            return "unsure"
        return ", ".join(self.labels) if self.labels else self.scores.top


@dataclass(frozen=True)
class ClassifyJobResult:
    """The end of a checkpointed job; the rows themselves are in ``results_file``."""

    job: str
    total: int
    classified: int
    unreadable: int
    unsure: int
    results_file: str
    per_label: tuple[tuple[str, int], ...] = ()
    resumed_from: int = 0  # files already done when this run started
    revised: int = 0  # files whose label the second step (learning from the whole batch) changed


@dataclass(frozen=True)
class TrainedSummary:
    name: str
    labels: tuple[str, ...]
    examples: tuple[tuple[str, int], ...]  # label -> number of examples
    cv_accuracy: float | None  # None when there are too few examples to cross-validate
    cv_folds: int
    temperature: float
    nll_before: float | None  # cross-validated log loss before / after temperature scaling (and the names' hint, when used)
    nll_after: float | None
    embedding_model: str
    path: str
    unreadable: tuple[tuple[str, str], ...] = ()  # (path, why) of example files that were skipped
    finetuned: bool = False  # the embedding model was tuned on the examples (core/classify/finetune.py)
    names_used: bool = False  # the labels' names count as a hint beside the examples (trained.name_hint)
    seconds: float = 0.0  # the whole training, reading the examples included


@dataclass(frozen=True)
class PlannedOperation:
    source: str
    target: str
    label: str


@dataclass(frozen=True)
class OrganizeResult:
    run_id: str  # "" for a dry run
    mode: str  # "move" | "copy" | "undo"
    planned: tuple[PlannedOperation, ...] = ()
    done: int = 0  # files really moved or copied; for an undo, files really put back by this call
    skipped: tuple[tuple[str, str], ...] = ()  # (path, why): every file left as it was, failures included
    log_file: str = ""
    placed: tuple[PlannedOperation, ...] = ()  # what was done, each with the name it really got
    failed: tuple[tuple[str, str], ...] = ()  # (path, why): the files that should have been moved, copied or put back and were not


@dataclass(frozen=True)
class SuggestLabelsRequest:
    """Suggest labels for files that have none: group them by their embeddings, name each group."""

    items: tuple[ClassifyItem, ...] = ()  # files (path set); pasted texts are grouped too
    sources: tuple[str, ...] = ()  # files and folders the worker walks (besides ``items``)
    walk: WalkOptions = WalkOptions()
    max_file_bytes: int = 10 * 1024 * 1024
    groups: int = 0  # how many labels; 0: chosen by the files themselves
    model: str | None = None  # the embedding model; None = the installed one
    id: int = field(default_factory=new_id)
    task = Task.CLASSIFY


@dataclass(frozen=True)
class SuggestedLabel:
    """One group of similar files and the name its distinctive words suggest (the person may change it)."""

    name: str
    words: tuple[str, ...]  # its most distinctive words, best first
    files: tuple[tuple[str, float], ...]  # (path or name, cosine to the group's centre), most typical first

    @property
    def examples(self) -> tuple[str, ...]:
        return tuple(path for path, _ in self.files[:3])


@dataclass(frozen=True)
class SuggestedLabels:
    labels: tuple[SuggestedLabel, ...]
    files: int  # files grouped
    silhouette: float  # how well separated the groups are (-1 .. 1)
    tried: tuple[tuple[int, float], ...] = ()  # (groups, silhouette) of every count tried
    unreadable: tuple[tuple[str, str], ...] = ()  # (path, why)
