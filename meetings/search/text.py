"""Text handling shared by both search engines: Chinese segmentation, query parsing
and highlighting.

Neither PostgreSQL's parsers nor SQLite's unicode61 tokenizer split Chinese text
into words: a run of Chinese characters is one token, so 冯杰 would not be found in
县委书记冯杰. Both engines therefore index Chinese as overlapping two-character
pieces (bigrams), the approach of Lucene's CJK analyzer: it needs no dictionary,
never misses a name that no dictionary knows, and a query segmented the same way
becomes a phrase of bigrams that matches exactly where the characters stand.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe

MAX_QUERY_LENGTH = 200
MAX_TERMS = 16

CJK_CHARS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_RUN = re.compile(f"[{CJK_CHARS}]+")
# A quoted phrase, excluded when a minus sign stands before it, or a run of characters
# up to a space or a mark that parts words in a list ("安全生产、疫情防控", "fire, flood"):
# typed between two words, it would otherwise join them into one phrase.
QUERY_TOKEN = re.compile(r'(-?)"([^"]*)"?|([^\s,;、。]+)')
# "or", and 或 as a Chinese query writes it.
OR_WORDS = {"or", "或"}
WORD = re.compile(rf"[\w{CJK_CHARS}]+")
# An English possessive ending ("county's"), which PostgreSQL's English configuration
# drops and SQLite's tokenizer would read as a word "s".
POSSESSIVE = re.compile(r"(?<=\w)['’]s\b", re.IGNORECASE)


def bigrams(run):
    if len(run) < 2:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def normalized(text):
    """Text with compatibility characters as their plain forms (NFKC): full-width letters
    and digits, as a Chinese keyboard types them ("ｓａｆｅｔｙ", "２０２２年"), are
    the ones they stand for."""
    return unicodedata.normalize("NFKC", text or "")


def segment(text):
    """Text normalized, with each run of Chinese characters replaced by its
    space-separated bigrams."""
    return CJK_RUN.sub(lambda match: f" {' '.join(bigrams(match.group()))} ", normalized(text))


def words(text):
    """The searchable words of `text`: latin words (without a possessive 's) and Chinese
    bigrams, lowercased."""
    text = POSSESSIVE.sub("", normalized(text))
    return [word.lower() for word in WORD.findall(segment(text))]


@dataclass(frozen=True)
class Clause:
    """One part of a query: a word or phrase (as words, and as written), negated or not,
    or an OR."""

    words: tuple = ()
    negated: bool = False
    is_or: bool = False
    text: str = ""


def parse_query(query):
    """Parse web-search syntax ("a phrase", -excluded, or, 或) into clauses.

    The same syntax as PostgreSQL's websearch_to_tsquery, so both engines read a
    query alike. The query is normalized as documents are (see segment); text without
    letters, digits or Chinese characters is dropped.
    """
    clauses = []
    for match in QUERY_TOKEN.finditer(normalized(query[:MAX_QUERY_LENGTH])):
        minus, phrase, token = match.groups()
        text = phrase if phrase is not None else token
        negated = bool(minus) if phrase is not None else text.startswith("-")
        if phrase is None and text.lower() in OR_WORDS:
            if clauses and not clauses[-1].is_or:
                clauses.append(Clause(is_or=True))
            continue
        if negated and phrase is None:
            text = text.lstrip("-")
        found = tuple(words(text))
        if found:
            clauses.append(Clause(words=found, negated=negated, text=text))
        if sum(1 for c in clauses if not c.is_or) >= MAX_TERMS:
            break
    while clauses and clauses[-1].is_or:
        clauses.pop()
    while clauses and clauses[0].is_or:
        clauses.pop(0)
    return clauses


def lone_characters(query):
    """The Chinese characters a query asks for one at a time ("县", "冯 杰"). Chinese is
    indexed as two-character pieces, and a character as a piece of its own only where
    no other stands beside it: next to digits, as in 2023年, which a query finds the
    same way. A character typed alone finds only those, almost never what was meant."""
    return [
        word
        for clause in parse_query(query)
        if all(len(word) == 1 and CJK_RUN.match(word) for word in clause.words)
        for word in clause.words
    ]


def has_positive_terms(clauses):
    return any(c.words and not c.negated for c in clauses)


def positive_terms(clauses):
    """The clauses that ask for a word or phrase (not those that exclude one)."""
    return [c for c in clauses if c.words and not c.negated]


def positive_text(clauses):
    """What the query asks for, as written (spaces apart), without exclusions, `or`,
    quotes and possessives."""
    return " ".join(" ".join(POSSESSIVE.sub("", c.text) for c in positive_terms(clauses)).split())


def taken_as_met(clauses, met):
    """The query that is left when the clauses `met` hold (an excluded one never is):
    None if it then holds whatever else a meeting says, since an alternative of it is
    all met. "Chen Qiang fire or river" with chen and qiang met is "fire or river"."""
    left = []
    for part in alternatives(clauses):
        rest = [c for c in part if c.negated or c not in met]
        if not rest:
            return None
        left += [Clause(is_or=True), *rest] if left else rest
    return left


def in_names(clause, name_words):
    """Whether each word of `clause` stands in someone's names (given as their words()):
    a Chinese bigram or character among theirs, a word that is one of theirs, the start
    of one ("Xiao" of Xiaorui) or one letter off one ("Jei" for Jie)."""
    return all(
        any(
            word in name
            if CJK_RUN.match(word)
            else name.startswith(word) or one_letter_off(word, name)
            for name in name_words
        )
        for word in clause.words
    )


def one_letter_off(a, b):
    """Whether two words of three letters or more differ by one letter added, dropped or
    changed, or by two neighbours swapped."""
    if min(len(a), len(b)) < 3 or abs(len(a) - len(b)) > 1:
        return False
    if len(a) != len(b):
        shorter, longer = sorted((a, b), key=len)
        return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))
    differ = [i for i in range(len(a)) if a[i] != b[i]]
    if len(differ) == 2:
        i, j = differ
        return j == i + 1 and a[i] == b[j] and a[j] == b[i]
    return len(differ) <= 1


def to_websearch(clauses):
    """Rebuild a query for websearch_to_tsquery, with Chinese bigrams as phrases."""
    parts = []
    for clause in clauses:
        if clause.is_or:
            parts.append("or")
        else:
            text = " ".join(clause.words)
            text = f'"{text}"' if len(clause.words) > 1 else text
            parts.append(f"-{text}" if clause.negated else text)
    return " ".join(parts)


def alternatives(clauses):
    """The query's alternatives, as PostgreSQL's websearch_to_tsquery reads them: `or`
    parts the whole query, each part's clauses must all hold (an excluded one must not).
    "fire safety or river" is fire and safety, or river; "-safety or river" is anything
    without safety, or river."""
    parts = [[]]
    for clause in clauses:
        if clause.is_or:
            parts.append([])
        else:
            parts[-1].append(clause)
    return [part for part in parts if part]


def to_fts5(clauses):
    """SQLite FTS5 queries for `clauses`, every term quoted so that no input is read as
    syntax: (one for the alternatives with a term to find, or "" if none has, and one for
    each alternative that only excludes terms). FTS5 cannot ask for what a document
    lacks alone: an alternative "-a -b" holds for the documents that do not match
    "a OR b"."""

    def term(clause):
        return '"' + " ".join(w.replace('"', '""') for w in clause.words) + '"'

    finding, excluding = [], []
    for part in alternatives(clauses):
        positive = [term(c) for c in part if not c.negated]
        negative = [term(c) for c in part if c.negated]
        if not positive:
            excluding.append(" OR ".join(negative))
            continue
        expression = " AND ".join(positive)
        if negative:
            expression = f"({expression})" + "".join(f" NOT {n}" for n in negative)
        finding.append(f"({expression})")
    return " OR ".join(finding), excluding


def whole(text):
    """Clauses that a snippet marks as one piece, as written (apart from spacing): a
    full name searched for is marked whole ("Li Xiao-ming" too), where its words alone
    would mark every "he" in "held"."""
    return [Clause(words=(" ".join(text.split()),))]


def highlight_terms(clauses):
    """The words a snippet marks: those the query asks for, but for single letters, which
    would mark the start of every word that begins with them."""
    return {
        w
        for c in clauses
        if not c.negated and not c.is_or
        for w in c.words
        if len(w) > 1 or CJK_RUN.match(w)
    }


def marked_stretches(pattern, text):
    """(start, end) of each stretch of `text` that the terms of `pattern` cover, those
    that overlap or touch made one: the bigrams 县政 and 政府 mark 县政府 whole."""
    stretches = []
    # A lookahead finds a match at every position, overlapping ones too.
    for match in re.finditer(f"(?=({pattern.pattern}))", text, pattern.flags):
        start, end = match.span(1)
        if stretches and start <= stretches[-1][1]:
            stretches[-1][1] = max(stretches[-1][1], end)
        else:
            stretches.append([start, end])
    return stretches


def snippet(texts, clauses, width=180):
    """A short excerpt of the first text that contains a query term, terms in <mark>.

    Latin words match at the start of a word (so "meeting" marks "meetings"), Chinese
    bigrams anywhere. Everything else is escaped. Returns "" when no text matches.
    """
    terms = sorted(highlight_terms(clauses), key=len, reverse=True)
    if not terms:
        return ""
    pattern = re.compile(
        "|".join(re.escape(t) if CJK_RUN.match(t) else rf"(?<!\w){re.escape(t)}" for t in terms),
        re.IGNORECASE,
    )
    for text in texts:
        if not text:
            continue
        first = pattern.search(text)
        if first is None:
            continue
        start = 0 if len(text) <= width else max(0, first.start() - width // 3)
        if start:
            # Begin at a word boundary, not in the middle of a word.
            space = text.rfind(" ", 0, start + 1)
            start = space + 1 if space > 0 and start - space < 20 else start
        end = min(len(text), start + width)
        excerpt = text[start:end]
        html, position = [], 0
        for mark_start, mark_end in marked_stretches(pattern, excerpt):
            html.append(escape(excerpt[position:mark_start]))
            html.append(f"<mark>{escape(excerpt[mark_start:mark_end])}</mark>")
            position = mark_end
        html.append(escape(excerpt[position:]))
        prefix = "…" if start > 0 else ""
        suffix = "…" if end < len(text) else ""
        return mark_safe(prefix + "".join(html) + suffix)  # noqa: S308  (every part escaped)
    return ""
