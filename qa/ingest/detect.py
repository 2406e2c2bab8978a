"""Which layout a document is written in, scored from the document itself, and reading it with that layout.

Every layout in `qa.ingest.layouts.LAYOUTS` scores the document (0-1, see each module's `score`); the highest
score wins and reads the document. A reading that fails (an exception) or finds nothing falls to the next layout
that scored above zero, and each such step is written into `doc.warnings` (one line), so that a document is never
read wrongly or skipped without a word.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from qa.ingest import layout as L
from qa.ingest.items import PAGE_MARKER
from qa.ingest.layouts import LAYOUTS
from qa.ingest.layouts import learned_lines as LEARNED
from qa.ingest.lines import Line, lines_of
from qa.ingest.models import Document, Program, Section
from qa.ingest.normalize import key, normalize
from qa.ingest.reading_choice import DocumentView, chooser, features, read_items
from qa.ingest.sheets import attach_sheets
from qa.ingest.structure import is_made_up_title
from qa.ingest.titles import bare_title
from qa.ingest.vocabulary import vocabulary

log = logging.getLogger(__name__)

# A winner below this score, or within MARGIN of the runner-up, is named as a low-confidence detection.
LOW_SCORE = 0.2
MARGIN = 0.05


@dataclass
class Detection:
    """Scores of every layout for one document (0-1), best first."""

    scores: dict[str, float]

    @property
    def ranked(self) -> list[str]:
        """Layouts that scored above zero, best first (ties keep `LAYOUTS` order)."""
        return [name for name, value in self.scores.items() if value > 0]

    @property
    def winner(self) -> str | None:
        """The best-scoring layout, or None when no layout sees its signature in the document."""
        return self.ranked[0] if self.ranked else None

    def doubt(self) -> str | None:
        """Why the detection is of low confidence (one line), or None when it is clear."""
        ranked = self.ranked
        if not ranked:
            return None
        best = self.scores[ranked[0]]
        if best < LOW_SCORE:
            return f"layout {ranked[0]} detected with low confidence ({self.describe()})"
        # A layout that refines another (its signature is a narrower form of the other's) is not in doubt
        # against it: every 要求・要望額 line of `request` is a budget line of `program_pages` too.
        refined = set(getattr(LAYOUTS[ranked[0]], "REFINES", ()))
        rivals = [name for name in ranked[1:] if name not in refined]
        if rivals and best - self.scores[rivals[0]] < MARGIN:
            return f"layouts {ranked[0]} and {rivals[0]} score alike ({self.describe()}); read as {ranked[0]}"
        return None

    def describe(self) -> str:
        """「text_table 0.92, program_pages 0.10」: the layouts that scored, best first."""
        return ", ".join(f"{name} {self.scores[name]:.2f}" for name in self.ranked) or "no layout scored"


def detect(doc: Document, lines: list[Line] | None = None) -> Detection:
    """Score every layout on a document.

    Args:
        doc: the document (its title and period filled by `parse.describe`).
        lines: its lines, when already split (else `lines_of(doc)`).

    Returns:
        The scores, best first. A layout whose scoring raises scores 0 and says so in `doc.warnings`.
    """
    lines = lines if lines is not None else lines_of(doc)
    scores: dict[str, float] = {}
    for name, module in LAYOUTS.items():
        try:
            scores[name] = float(module.score(doc, lines))
        except Exception as exc:  # a scorer's bug must not hide the other layouts
            log.debug("layout %s failed to score %s", name, doc.name, exc_info=True)
            doc.warnings.append(f"layout {name} could not score the document ({type(exc).__name__}: {exc})")
            scores[name] = 0.0
    order = list(LAYOUTS)
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], order.index(kv[0])))
    return Detection(scores=dict(ranked))


_PROSE = "prose_items"
# A heading line in brackets (「【分野１】　子育て・教育」; a 「●」 line may be a program's own heading).
_HEADING_BRACKET = re.compile(r"^(?:【[^】]{1,20}】|〔[^〕]{1,20}〕|［[^］]{1,20}］)")


def _named(doc: Document, layout: str, programs: list[Program]) -> list[Program]:
    """Programs whose title names something: a title of digits or a page marker (「310」「=== PAGE 7 ===」, what a
    reader makes of a layout it does not know) is dropped and counted in `doc.warnings`."""
    kept = [p for p in programs if re.search(r"[^\W\d_]", PAGE_MARKER.sub("", normalize(p.title)))]
    if len(kept) < len(programs):
        doc.warnings.append(f"layout {layout}: {len(programs) - len(kept)} program(s) without a name left out "
                            f"(e.g. 「{next(p.title for p in programs if p not in kept)[:30]}」)")
    return kept


# Sections a layout reads as a program's own table of figures (an evaluation sheet's cost by year, its indicators):
# their rows are that program's, never programs of a table beside it.
_OWN_TABLES = frozenset({"事業費の推移", "財源内訳", "成果目標", "活動指標", "成果指標"})


def _with_table_rows(doc: Document, lines: list[Line], programs: list[Program]) -> list[Program]:
    """The programs of a document's layout, and the rows of a table of programs inside it that the layout did not
    read (a 概算要求's program pages, then 「Ⅳ その他の主な事項」 tabulated as 事項｜要求額｜予算額). A program whose span
    runs over the table ends where the table begins. Programs unchanged when no such row is found."""
    try:
        rows = LAYOUTS["text_table"].read(doc, lines)
    except Exception:  # the table reader's failure never costs the layout's reading
        log.debug("text_table failed on the tables of %s", doc.name, exc_info=True)
        return programs
    own = {key(bare_title(p.title)[0]): p for p in programs}
    stated = {p.budget.yen for p in programs if p.kind == "total" and p.budget is not None}
    # The document's own headings (「【分野１】　子育て・教育」 over its programs): a row named as one (a closing 「分野別の
    # 予算額」 list, 「分野１　子育て・教育　596,450」) is that heading's total, not a program of its own
    headings = {key(line.norm) for line in lines if line.norm and _HEADING_BRACKET.match(line.norm.strip())}
    for row in rows:
        if row.kind == "program" and (name := key(bare_title(row.title)[0])) in headings and name not in own:
            row.kind = "total"
    extra = []
    for row in rows:
        if row.kind == "total" and row.budget is not None and row.budget.yen and row.budget.yen not in stated:
            extra.append(row)  # the table's 合計 row: the page's own total of what it lists
            continue
        if row.kind != "program" or row.budget is None or any(row.start < q.start < row.end for q in programs):
            continue  # (a row, not a span over the layout's own)
        if any(s.name in _OWN_TABLES and s.start < row.end and row.start < s.end for q in programs for s in q.sections):
            continue  # (a row of a sheet's own table of figures, its 事業費の推移 or 成果指標, read as that section)
        same = own.get(key(bare_title(row.title)[0]))
        if same is not None:
            _fill_from_row(same, row)  # a summary table's row of a program the page also details: one program
        else:
            extra.append(row)
    if not any(p.kind == "program" for p in extra):
        return sorted([*programs, *extra], key=lambda p: p.start)
    first = min(p.start for p in extra if p.kind == "program")
    cut = _table_top(lines, first)
    for p in programs:
        if p.start < cut < p.end:
            p.end = cut
            p.sections = [s for s in p.sections if s.start < cut]
            for s in p.sections:
                s.end = min(s.end, cut)
    doc.warnings.append(f"{sum(p.kind == 'program' for p in extra)} row(s) of a table read beside the {doc.layout} "
                        "layout")
    return sorted([*programs, *extra], key=lambda p: p.start)


def _with_prose_programs(doc: Document, programs: list[Program], prose: list[Program]) -> list[Program]:
    """The layout's programs and the programs its prose prices in passing that it did not read (a 予算説明会資料's
    answer: 「「出産応援ギフト事業」（予算額 96,000千円、前年度 88,500千円）により…」 beside the boxed programs of the
    other answers): each prose program with a figure in yen, named as programs are (data/vocabulary.toml [ledger]
    program_endings), standing outside every program's span, under a title no program has."""
    own = {key(bare_title(p.title)[0]) for p in programs}
    # (named as programs are: 「…事業」「…補助金」; 「うちふるさと納税充当額」 is a figure's label in a sentence)
    endings = tuple(vocabulary()["ledger"]["program_endings"])
    extra = [p for p in prose if p.kind == "program" and p.budget is not None and p.budget.yen
             and (bare := bare_title(p.title)[0]).endswith(endings)
             and key(bare) not in own and not any(q.start <= p.start < q.end for q in programs)]
    if not extra:
        return programs
    doc.warnings.append(f"{len(extra)} program(s) priced in the prose read beside the {doc.layout} layout")
    return sorted([*programs, *extra], key=lambda p: p.start)


def _fill_from_row(program: Program, row: Program) -> None:
    """What a summary table's row says of a program that its own section leaves out (its department, flags, last
    year's figure, or the budget itself when the section states none), in place; the section stays the program,
    the row becomes a section of it (「一覧表」)."""
    program.department = program.department or row.department
    program.flags += [f for f in row.flags if f not in program.flags]
    # The row is the program's text too (quoted with it, and its figures are accounted for by it).
    program.sections.append(Section(name="一覧表", heading=row.title, start=row.start, end=row.end))
    if program.budget is None or program.budget.yen is None:
        if row.budget is not None and row.budget.yen is not None:
            program.budget = row.budget
    elif program.budget.previous_year is None and row.budget is not None and row.budget.previous_year is not None \
            and row.budget.yen == program.budget.yen:
        program.budget.previous_year = row.budget.previous_year


def _table_top(lines: list[Line], offset: int) -> int:
    """Where the table holding the row at `offset` begins: its header line, the rules, unit line and blank lines just
    above it passed up to (at most 8 lines)."""
    from qa.ingest.layouts.text_table import find_header  # the table reader's own header test

    at = next((i for i, ln in enumerate(lines) if ln.start <= offset < ln.end + 1), 0)
    top = at
    for i in range(at - 1, max(-1, at - 9), -1):
        if find_header(lines[i]) is not None:
            top = i
            while top > 0 and (not lines[top - 1].norm or L.RULE_LINE.match(lines[top - 1].norm)):
                top -= 1
            break
    return lines[top].start


@dataclass
class Reading:
    """One layout's reading of a document: its programs (named ones only, see `_named`) and the warnings it wrote,
    or the error it raised."""

    layout: str
    programs: list[Program]
    warnings: list[str]
    error: Exception | None = None

    @property
    def found(self) -> bool:
        """Whether it read programs or priced items (totals alone are no reading)."""
        return any(p.has_budget_structure for p in self.programs)


def readings(doc: Document, lines: list[Line], layouts: list[str]) -> list[Reading]:
    """Each of `layouts` reads the document; what each writes into `doc.warnings` is kept with its reading, not on
    the document (only the reading kept says its warnings)."""
    out = []
    for name in layouts:
        before = list(doc.warnings)
        try:
            programs = _named(doc, name, LAYOUTS[name].read(doc, lines))
            out.append(Reading(name, programs, doc.warnings[len(before):]))
        except Exception as exc:  # one layout's failure never costs the document another reading
            log.debug("layout %s failed on %s", name, doc.name, exc_info=True)
            out.append(Reading(name, [], [f"layout {name} failed ({type(exc).__name__}: {exc})"], exc))
        doc.warnings[:] = before
    return out


def _budgeted(reading: Reading) -> int:
    """How many programs or priced items of a reading carry a budget in yen."""
    return sum(p.has_budget_structure and p.budget is not None and p.budget.yen is not None for p in reading.programs)


def _named_nothing(doc: Document, reading: Reading) -> bool:
    """Whether most programs of a reading carry a made-up name (`structure.made_up_title`, 「<file> の事業 N」 for a page
    whose name it could not find)."""
    named = [p for p in reading.programs if p.has_budget_structure]
    made_up = sum(is_made_up_title(doc.name, p.title) for p in named)
    return bool(named) and made_up * 2 > len(named)


def choose_reading(doc: Document, lines: list[Line], detection: Detection, candidates: list[Reading]) -> int | None:
    """Index in `candidates` of the reading to keep, or None when none found programs.

    The detected reading is the first of the layouts that scored (best first) to find programs; the reading-quality
    model (`qa.ingest.reading_choice`) may prefer another layout's reading, even one whose signature scored zero,
    when it is more probably the best by the model's margin. Without a detected reading, none is kept: a layout
    whose signature is absent does not read a document alone (a memo, a page of prose).

    The learned line reader (`layouts.learned_lines`) is not weighed by that model (trained with it, the model kept
    its reading over a ledger's right one): its reading is kept when the reading chosen among the others reads nearly
    nothing beside it (at most `learned_lines.NEARLY_NOTHING` of its programs with a budget), or when it is the only
    layout that scored (it scores only with `learned_lines.MIN_ALONE` programs).
    """
    learned = next((i for i, r in enumerate(candidates) if r.layout == LEARNED.NAME and r.found), None)
    # (a reading whose programs are mostly named 「<file> の事業 3」, names made up where it found none on their pages,
    # read no program's name: it is weighed as finding nothing)
    kept = _choose_among(doc, lines, detection, [r if r.layout != LEARNED.NAME and not _named_nothing(doc, r)
                                                 else Reading(r.layout, [], []) for r in candidates])
    if learned is None:
        return kept
    if kept is None:
        return learned if LEARNED.NAME in detection.ranked else None
    read, others = _budgeted(candidates[learned]), _budgeted(candidates[kept])
    if read >= LEARNED.MIN_ALONE and others <= LEARNED.NEARLY_NOTHING * read:
        doc.warnings.append(f"read as {LEARNED.NAME}: the {candidates[kept].layout} reading found nearly nothing "
                            f"({others} program(s) with a budget, the learned reading {read})")
        return learned
    return kept


def _choose_among(doc: Document, lines: list[Line], detection: Detection, candidates: list[Reading]) -> int | None:
    """`choose_reading` among the hand-written layouts' readings: the detected one, or the model's choice."""
    ranked = detection.ranked
    detected = next((i for i, r in enumerate(candidates) if r.layout in ranked and r.found), None)
    model = chooser()
    if detected is None or model is None:
        return detected
    found = [i for i, r in enumerate(candidates) if r.found]
    view = DocumentView.of(doc.text, lines)
    rows = [features(view, detection.scores.get(candidates[i].layout, 0.0), i == detected,
                     read_items(candidates[i].programs)) for i in found]
    kept, probabilities = model.choose(rows, found.index(detected))
    if found[kept] != detected:
        doc.warnings.append(
            f"read as {candidates[found[kept]].layout}, whose reading is more probably right "
            f"({probabilities[kept]:.2f}) than the detected {candidates[detected].layout}'s "
            f"({probabilities[found.index(detected)]:.2f})")
    return found[kept]


def read_programs(doc: Document) -> list[Program]:
    """Programs of a text document read with its detected layout, or with the layout whose reading the
    reading-quality model judges better; `doc.layout` and `doc.layout_scores` are set.

    Every layout reads the document (`readings`); the detected reading is the first of the layouts that scored to
    find programs (a winner that raises or finds nothing falls to the next, and `doc.warnings` says so), and
    `choose_reading` may keep another. A low-confidence detection is named in `doc.warnings` too.

    Returns:
        The programs of the reading kept; empty when no layout that scored found any (the caller keeps the document
        as a passage, and `qa.ingest.coverage.assess` warns of it).

    Raises:
        Exception: the first layout's error, when every layout that scored raised and none found programs (the
            document is then skipped and named by `parse_corpus`).
    """
    lines = lines_of(doc)
    detection = detect(doc, lines)
    doc.layout_scores = detection.scores
    doubt = detection.doubt()
    if doubt:
        doc.warnings.append(doubt)
    ranked = detection.ranked
    candidates = readings(doc, lines, ranked + [name for name in LAYOUTS if name not in ranked])
    kept = choose_reading(doc, lines, detection, candidates)
    tried = [r for r in candidates if r.layout in ranked]
    if kept is None:
        errors = [r.error for r in tried if r.error is not None]
        for r in tried:  # what each layout that scored met (a figure it could not read, its error)
            doc.warnings.extend(r.warnings)
        if errors and len(errors) == len(tried):
            raise errors[0]
        return []  # the caller's coverage check (qa.ingest.coverage.assess) says the document is read as a passage
    reading = candidates[kept]
    name, programs = reading.layout, reading.programs
    # (the learned reading kept beside the others: theirs found nearly nothing, and its own warning says so)
    before = tried[:tried.index(reading)] if reading in tried and name != LEARNED.NAME else []
    for r in before:
        doc.warnings.extend(r.warnings)
    doc.warnings.extend(reading.warnings)
    doc.layout = name
    if name != "text_table" and detection.scores.get("text_table", 0.0) > 0:
        programs = _with_table_rows(doc, lines, programs)
    prose = next((r for r in candidates if r.layout == _PROSE and r.found), None)
    if name != _PROSE and prose is not None and detection.scores.get(_PROSE, 0.0) > 0:
        programs = _with_prose_programs(doc, programs, prose.programs)
    attach_sheets(doc, lines, programs)
    empty = [r.layout for r in before if r.error is None]
    if before and reading in tried:
        doc.warnings.append(f"read as {name}: {', '.join(empty) or 'the detected layout'} found no programs"
                            + (" or failed" if any(r.error for r in before) else "") + f" ({detection.describe()})")
    return programs
