"""Labels suggested for a folder that has none: group the files, name each group by its words.

The files' embeddings (one vector per file, as the classifier sees it), joined by the TF-IDF
vector of their words (half the similarity each: on the dev splits the words helped long
technical documents and Chinese, which the starter model reads poorly), are grouped by
spherical k-means (cosine), with k-means++ seeding and a fixed seed, so the same folder
gives the same groups.  How many groups: the k of the best silhouette (cosine) over a
small range, the criterion and range chosen on the dev splits of bench/eval_suggest.py.

Each group is named by its most distinctive words, class-based TF-IDF as BERTopic does:
the words of a group's files are pooled into one document, and a word scores its
frequency in that group times log(1 + A / its frequency over all groups), A the mean
number of words per group: a word frequent here and rare elsewhere names the group.
Stop words are left out; Chinese, written without spaces, is cut into character pairs
(no dictionary needed), pairs with a function character left out.

Qt-free and model-free: core/classify/suggest_task.py reads and embeds the files.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

K_RANGE = (4, 12)  # the group counts tried (fewer when the folder is small); chosen on dev (bench/README.md)
MIN_FILES = 4  # fewer readable files than this: nothing to group
RESTARTS = 4  # k-means runs per k from different seeds; the tightest is kept
ITERATIONS = 50
SILHOUETTE_SAMPLE = 1500  # files the silhouette is measured on (n^2 memory)
NAME_WORDS = 2  # distinctive words in a suggested name
SHOWN_WORDS = 6  # words shown beside it
MAX_TEXT_CHARS = 20_000  # of each file, for its words
MAX_VOCABULARY = 4000  # words in the TF-IDF vectors that join the embeddings
WORD_WEIGHT = 0.5  # the words' share of the similarity the files are grouped by; chosen on dev (bench/README.md)

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")

# Common English words that name nothing (a short form of the usual lists).
STOP_WORDS = frozenset(
    ["a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "aren", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "cannot", "could", "couldn", "did", "didn", "do", "does", "doesn", "doing", "don", "down", "during", "each", "either", "else", "etc", "even", "ever", "every", "few", "for", "from", "further", "get", "gets", "got", "had", "hadn", "has", "hasn", "have", "haven", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "however", "i", "if", "in", "into", "is", "isn", "it", "its", "itself", "just", "least", "less", "let", "like", "made", "make", "many", "may", "me", "might", "more", "most", "much", "must", "my", "myself", "need", "neither", "no", "nor", "not", "now", "of", "off", "often", "on", "once", "one", "only", "or", "other", "others", "our", "ours", "ourselves", "out", "over", "own", "per", "quite", "rather", "really", "same", "say", "says", "see", "seem", "seen", "shall", "she", "should", "shouldn", "since", "so", "some", "still", "such", "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those", "though", "through", "thus", "to", "too", "two", "under", "until", "up", "upon", "us", "use", "used", "uses", "using", "very", "via", "was", "wasn", "way", "we", "well", "were", "weren", "what", "when", "where", "whether", "which", "while", "who", "whom", "whose", "why", "will", "with", "within", "without", "won", "would", "wouldn", "yes", "yet", "you", "your", "yours", "yourself", "yourselves"]
)
# Chinese function characters: a character pair with one of these is not a word that names a topic.
CHINESE_STOP_CHARACTERS = frozenset("的了是在我你他她它们这那有和就不也都而及与着或一个吗呢吧啊么什怎样很没到说要会能对为把被让给从")


@dataclass(frozen=True)
class Grouping:
    assignments: list[int]  # the group of each vector
    k: int
    silhouette: float  # of the chosen k (cosine; -1 .. 1)
    centroids: Any  # (k, dim) unit vectors (a torch tensor)
    tried: dict[int, float]  # k -> silhouette


def words_of(text: str) -> list[str]:
    """The words of ``text`` that may name a topic: lowercased letters-only words of 3+ letters that
    are not stop words, and the character pairs of Chinese runs without a function character."""
    out: list[str] = []
    text = text[:MAX_TEXT_CHARS]
    for match in _WORD.finditer(text):
        word = match.group().lower()
        if _CJK.search(word):
            for run in _CJK.findall(word):
                out += [run[i : i + 2] for i in range(len(run) - 1) if not (set(run[i : i + 2]) & CHINESE_STOP_CHARACTERS)]
            word = _CJK.sub(" ", word).strip()
            if " " in word or not word:
                continue
        if len(word) >= 3 and word not in STOP_WORDS:
            out.append(word)
    return out


def distinctive_words(documents: Sequence[Sequence[str]], assignments: Sequence[int], k: int, top: int = SHOWN_WORDS) -> list[list[str]]:
    """Per group, its ``top`` words by class-based TF-IDF (BERTopic's c-TF-IDF), best first.

    ``documents``: each file's words (``words_of``).  A word must be in at least two of the
    group's files when the group has two or more, so one odd file does not name its group."""
    counts: list[Counter[str]] = [Counter() for _ in range(k)]
    spread: list[Counter[str]] = [Counter() for _ in range(k)]  # in how many of the group's files a word is
    sizes = [0] * k
    for words, group in zip(documents, assignments, strict=True):
        counts[group].update(words)
        spread[group].update(set(words))
        sizes[group] += 1
    overall: Counter[str] = Counter()
    for counter in counts:
        overall.update(counter)
    mean_words = sum(overall.values()) / max(1, k)
    out = []
    for group in range(k):
        total = sum(counts[group].values()) or 1
        scored = []
        for need in (2, 1) if sizes[group] >= 2 else (1,):  # files that share no word: each file's own words
            scored = [
                (count / total * math.log(1 + mean_words / overall[word]), word)
                for word, count in counts[group].items()
                if spread[group][word] >= need
            ]
            if scored:
                break
        scored.sort(key=lambda pair: (-pair[0], pair[1]))
        out.append([word for _, word in scored[:top]])
    return out


def names_for(words: list[list[str]], name_words: int = NAME_WORDS) -> list[str]:
    """A short name per group from its distinctive words, every name different ("Group 3" when a
    group has no words of its own)."""
    names: list[str] = []
    for number, group_words in enumerate(words, start=1):
        name = " & ".join(_joined_pairs(group_words[:name_words])) if group_words else f"group {number}"
        extra = name_words
        while name in names and extra < len(group_words):  # two groups led by the same words
            extra += 1
            name = " & ".join(group_words[:extra])
        while name in names:
            name += f" {number}"
        names.append(name)
    return names


def _joined_pairs(words: list[str]) -> list[str]:
    """Chinese character pairs cut from one word, joined back: 机器 and 器人 name 机器人."""
    out: list[str] = []
    for word in words:
        last = out[-1] if out else ""
        if last and _CJK.fullmatch(last) and _CJK.fullmatch(word):
            if last[-1] == word[0]:
                out[-1] = last + word[1:]
                continue
            if word[-1] == last[0]:
                out[-1] = word[:-1] + last
                continue
        out.append(word)
    return out


def word_vectors(documents: Sequence[Sequence[str]], max_words: int = MAX_VOCABULARY):
    """(n, words) TF-IDF rows of the files' words (``words_of``), l2-normalised: the ``max_words`` words
    in most files, of those in two files or more."""
    import torch

    spread = Counter(word for words in documents for word in set(words))
    kept = [word for word, count in spread.most_common(max_words) if count >= 2]
    column = {word: i for i, word in enumerate(kept)}
    rows = torch.zeros(len(documents), max(1, len(kept)))
    for row, words in enumerate(documents):
        for word, count in Counter(w for w in words if w in column).items():
            rows[row, column[word]] = (1 + math.log(count)) * math.log(len(documents) / spread[word])
    return torch.nn.functional.normalize(rows, dim=1)


def combined(embeddings, documents: Sequence[Sequence[str]], weight: float = WORD_WEIGHT):
    """The embeddings beside the files' TF-IDF word vectors, ``weight`` the words' share of the cosine."""
    import torch

    if weight <= 0:
        return torch.nn.functional.normalize(embeddings.float(), dim=1)
    x = torch.nn.functional.normalize(embeddings.float(), dim=1) * math.sqrt(1 - weight)
    return torch.cat([x, word_vectors(documents) * math.sqrt(weight)], dim=1)


def group(vectors, k_range: tuple[int, int] = K_RANGE, check_cancelled: Callable[[], None] = lambda: None) -> Grouping:
    """Group the rows of ``vectors`` (n, dim) by spherical k-means, k chosen by the best silhouette."""
    import torch

    x = torch.nn.functional.normalize(vectors.float(), dim=1)
    n = x.shape[0]
    low, high = k_range
    high = min(high, max(2, n // 2))
    low = min(low, high)
    sample = torch.randperm(n, generator=torch.Generator().manual_seed(0))[:SILHOUETTE_SAMPLE] if n > SILHOUETTE_SAMPLE else None
    best: tuple[float, int, list[int], object] | None = None
    tried: dict[int, float] = {}
    for k in range(low, high + 1):
        check_cancelled()
        assignments, centroids = kmeans(x, k)
        score = silhouette(x, assignments, sample)
        tried[k] = round(score, 4)
        if best is None or score > best[0] + 1e-9:
            best = (score, k, assignments, centroids)
    assert best is not None
    score, k, assignments, centroids = best
    return Grouping(assignments, k, score, centroids, tried)


def kmeans(x, k: int, restarts: int = RESTARTS, iterations: int = ITERATIONS):
    """(assignments, centroids) of spherical k-means on unit rows ``x``: the restart with the highest
    total cosine to its centroids, each seeded by k-means++ from a fixed seed."""
    import torch

    best = None
    for restart in range(restarts):
        generator = torch.Generator().manual_seed(restart)
        centroids = _seed(x, k, generator)
        for _ in range(iterations):
            labels = (x @ centroids.T).argmax(dim=1)
            new = torch.zeros_like(centroids).index_add_(0, labels, x)
            empty = new.norm(dim=1) == 0
            if empty.any():  # a group that lost every file takes the file furthest from its own
                far = (x * centroids[labels]).sum(dim=1).argsort()[: int(empty.sum())]
                new[empty] = x[far]
            new = torch.nn.functional.normalize(new, dim=1)
            if torch.allclose(new, centroids, atol=1e-6):
                break
            centroids = new
        labels = (x @ centroids.T).argmax(dim=1)
        fit = (x * centroids[labels]).sum().item()
        if best is None or fit > best[0]:
            best = (fit, labels, centroids)
    assert best is not None
    return best[1].tolist(), best[2]


def _seed(x, k: int, generator):
    import torch

    n = x.shape[0]
    chosen = [int(torch.randint(n, (1,), generator=generator))]
    distance = (1 - x @ x[chosen[0]]).clamp(min=0)
    for _ in range(1, k):
        weights = distance**2
        index = int(torch.multinomial(weights, 1, generator=generator)) if weights.sum() > 0 else int(torch.randint(n, (1,), generator=generator))
        chosen.append(index)
        distance = torch.minimum(distance, (1 - x @ x[index]).clamp(min=0))
    return x[chosen].clone()


def silhouette(x, assignments: list[int], sample=None) -> float:
    """The mean silhouette (cosine distance) of the rows, or of ``sample`` of them; -1 for one group."""
    import torch

    labels = torch.tensor(assignments)
    k = int(labels.max()) + 1
    if k < 2:
        return -1.0
    rows = sample if sample is not None else torch.arange(x.shape[0])
    distance = (1 - x[rows] @ x.T).clamp(min=0)  # (rows, n)
    one_hot = torch.nn.functional.one_hot(labels, k).float()  # (n, k)
    sums = distance @ one_hot  # (rows, k): summed distance to each group
    sizes = one_hot.sum(dim=0)
    own = labels[rows]
    own_size = sizes[own]
    a = sums[torch.arange(len(rows)), own] / (own_size - 1).clamp(min=1)
    mean_to = sums / sizes.clamp(min=1)
    mean_to[torch.arange(len(rows)), own] = float("inf")
    b = mean_to.min(dim=1).values
    s = (b - a) / torch.maximum(a, b).clamp(min=1e-12)
    s[own_size <= 1] = 0.0  # a file alone in its group scores 0, as scikit-learn does
    return float(s.mean())
