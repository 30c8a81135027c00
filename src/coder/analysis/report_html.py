"""The agreement report as one self-contained HTML file (``--html``).

Everything is inline: the style sheet, the SVG chart and the quoted passages.
Nothing is fetched from the network or from other files. Every piece of text
that comes from the project (names, codes, source text) is escaped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from html import escape

from coder.analysis.agreement import source_disagreements
from coder.analysis.agreement_model import (
    AgreementInput,
    AgreementResult,
    CodeAgreement,
    Passage,
    SourceSpans,
)
from coder.analysis.agreement_stats import Stats
from coder.analysis.figures import three_decimals
from coder.analysis.report_chart import RELIABLE, TENTATIVE, alpha_chart, band

CONTEXT = 40  # characters of text shown, greyed, on each side of a passage
LONGEST_QUOTE = 1200  # a longer passage is shown by its beginning and its end

_STYLE = """
body { font: 15px/1.45 Georgia, 'Times New Roman', serif; color: #111; max-width: 60em; margin: 2em auto;
       padding: 0 1em; }
h1, h2, h3, h4 { font-family: Helvetica, Arial, sans-serif; line-height: 1.2; }
h1 { font-size: 1.6em; } h2 { font-size: 1.3em; margin-top: 2em; border-bottom: 1px solid #999; }
h3 { font-size: 1.1em; margin-top: 1.6em; } h4 { font-size: 1em; margin: 1.2em 0 0.4em; }
table { border-collapse: collapse; margin: 0.6em 0; font: 13px/1.3 Helvetica, Arial, sans-serif; }
th, td { border: 1px solid #bbb; padding: 0.25em 0.5em; vertical-align: top; }
th { background: #eee; text-align: left; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.overall td { font-weight: bold; background: #f6f6f6; }
.formula { font-family: 'Cambria Math', 'STIX Two Math', Georgia, serif; margin: 0.2em 0 0.2em 1.5em; }
.chart { font: 12px Helvetica, Arial, sans-serif; max-width: 100%; height: auto; }
.chart .tick, .chart .undefined { fill: #555; }
.passage { border-left: 4px solid #888; margin: 0.6em 0 0.9em; padding: 0.2em 0 0.2em 0.8em;
           break-inside: avoid; }
.passage .who { font: 13px Helvetica, Arial, sans-serif; color: #333; }
.passage blockquote { margin: 0.3em 0 0; white-space: pre-wrap; }
.passage mark { background: #fff3b0; padding: 0 1px; }
.passage .memo { font: 13px Helvetica, Arial, sans-serif; margin: 0.3em 0 0 1em; white-space: pre-wrap; }
.passage .memo q { font-style: italic; }
.context { color: #888; } .omitted { color: #888; font-style: italic; }
.warning { color: #8a4b00; } .muted { color: #666; }
@media print { body { margin: 0; max-width: none; font-size: 11pt; } h2 { break-after: avoid; }
               .passage mark { outline: 1px solid #999; } }
"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _figure(value: float | None) -> str:
    return three_decimals(value)


def render_html(
    result: AgreementResult,
    data: AgreementInput,
    texts: Mapping[str, str],
    *,
    project: str,
    generated: datetime,
) -> str:
    """The whole report; ``texts`` maps each source's name to its stored text, for quoting passages."""
    title = f"Inter-coder agreement — {project}"
    body = [
        f"<h1>{_e(title)}</h1>",
        _summary(result, project, generated),
        _sources(result),
        _method(result),
        _results(result),
        _passages(result, data, texts),
    ]
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="generator" content="coder agreement report">\n'
        f"<title>{_e(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def _summary(result: AgreementResult, project: str, generated: datetime) -> str:
    when = generated.strftime("%Y-%m-%d %H:%M") + (f" {generated.tzname()}" if generated.tzinfo else "")
    items = [
        ("Project", _e(project)),
        ("Coders compared", _e(", ".join(result.coders))),
        ("Sources", f"{len(result.sources)} ({sum(s.characters for s in result.sources):,} characters)"),
        ("Codes compared", str(len(result.codes))),
        ("Unit of analysis", "the character"),
        ("Segment overlap threshold θ", f"{result.overlap:g}"),
        ("Report made", _e(when)),
    ]
    rows = "".join(f"<tr><th>{label}</th><td>{value}</td></tr>" for label, value in items)
    parts = [f"<table>{rows}</table>"]
    if result.warnings:
        parts.append("<p><strong>Warnings</strong></p><ul>")
        parts += [f'<li class="warning">{_e(warning)}</li>' for warning in result.warnings]
        parts.append("</ul>")
    return "\n".join(parts)


def _sources(result: AgreementResult) -> str:
    head = "".join(f"<th>Codings by {_e(coder)}</th>" for coder in result.coders)
    rows = []
    for source in result.sources:
        counts = "".join(f'<td class="n">{source.codings[coder]}</td>' for coder in result.coders)
        rows.append(f'<tr><td>{_e(source.name)}</td><td class="n">{source.characters:,}</td>{counts}</tr>')
    return (
        "<h2>Sources</h2>\n<p>How many codings (with any code) each coder made in each included source.</p>\n"
        f"<table><tr><th>Source</th><th>Characters</th>{head}</tr>{''.join(rows)}</table>"
    )


def _method(result: AgreementResult) -> str:
    m = len(result.coders)
    return f"""<h2>Method</h2>
<p><strong>Unit of analysis: the character.</strong> Every character of every included source is one unit.
For a code and a coder, a character counts as coded when it lies inside at least one of that coder's codings
with that code; codings that overlap or repeat count once. Each code is compared on its own: a parent code
does not include the codings of its children. With N characters and m coders (here m = {m}), h[j] is the
number of characters that exactly j coders coded. All figures below follow from h, and figures over several
sources are computed by adding the h of each source first, so long sources weigh more than short ones.</p>
<ul>
<li><strong>Agreement</strong>: the share of characters on which all coders agree.
<div class="formula">(h[0] + h[m]) / N</div></li>
<li><strong>Cohen's κ</strong> (Cohen 1960), two coders only: with p<sub>X</sub>, p<sub>Y</sub> each coder's
share of coded characters,
<div class="formula">p<sub>o</sub> = (h[0] + h[2]) / N; p<sub>e</sub> = p<sub>X</sub>p<sub>Y</sub> +
(1 − p<sub>X</sub>)(1 − p<sub>Y</sub>); κ = (p<sub>o</sub> − p<sub>e</sub>) / (1 − p<sub>e</sub>)</div></li>
<li><strong>Krippendorff's α</strong> (Krippendorff 2004, 2011), nominal, no missing values:
<div class="formula">n = N·m; n<sub>1</sub> = Σ j·h[j]; n<sub>0</sub> = Σ (m − j)·h[j];
o<sub>01</sub> = Σ h[j]·j·(m − j) / (m − 1); α = 1 − (n − 1)·o<sub>01</sub> / (n<sub>0</sub>·n<sub>1</sub>)
</div></li>
<li><strong>Fleiss' κ</strong> (Fleiss 1971):
<div class="formula">P̄ = Σ h[j]·(j(j − 1) + (m − j)(m − j − 1)) / (N·m·(m − 1)); p<sub>1</sub> =
n<sub>1</sub> / (N·m); P̄<sub>e</sub> = p<sub>1</sub><sup>2</sup> + (1 − p<sub>1</sub>)<sup>2</sup>;
κ = (P̄ − P̄<sub>e</sub>) / (1 − P̄<sub>e</sub>)</div></li>
<li><strong>Jaccard</strong>: characters coded by all coders over characters coded by any.
<div class="formula">h[m] / (N − h[0])</div></li>
<li><strong>Segment agreement</strong> (as MAXQDA reports it), per pair of coders: a coder's segments are the
maximal stretches of text that coder coded with the code in one source. A segment counts as matched when the
other coder has a segment in the same source that overlaps it by at least θ = {result.overlap:g}, measured as
the shared characters over the characters of both together. The figure is the matched segments of both coders
over all their segments. With more than two coders the table pools all pairs.</li>
<li><strong>Unitized α, binary</strong> (Krippendorff, Mathet, Bouvry and Widlöcher 2016; ATLAS.ti reports it
as “α-binary”): unlike the figures above it looks at the coded stretches, not only at characters, so a long
stretch counts as one unit. The included sources are laid end to end. Each coder's codings with the code,
where they overlap, form one unit (codings that only touch stay two units); the rest of the text forms that
coder's gaps. Observed disagreement D<sub>o</sub> is 2 / (m − 1) times the characters that one coder has in a
unit and another in a gap, summed over every pair of coders. Expected disagreement D<sub>e</sub> is what
chance pairing of all coders' units and gaps would give, where a unit cannot pair with itself: with
l.. = m·N, l<sub>unit</sub> and l<sub>gap</sub> the characters in units and in gaps over all coders,
s<sub>unit</sub> the sum of the squared lengths of all units and s<sub>gap</sub> the total length of all gaps,
<div class="formula">e<sub>cc</sub> = l.. (l<sub>c</sub><sup>2</sup> − s<sub>c</sub>) / (l..<sup>2</sup> −
s<sub>unit</sub> − s<sub>gap</sub>); D<sub>e</sub> = l.. − e<sub>unit,unit</sub> − e<sub>gap,gap</sub>;
α = 1 − D<sub>o</sub> / D<sub>e</sub></div>
A coder who made no coding at all in the included sources is treated as missing and left out of this figure
(a coder who coded other codes counts as having coded nothing with this one). Across codes it is not a mean:
1 − ΣD<sub>o</sub> / ΣD<sub>e</sub> over the codes.</li>
</ul>
<p>A figure shown as “—” is undefined for the data: for example κ and α when a code was never used, or used
on every character, by all coders. Across codes, each figure is the plain mean over the codes where it is
defined. For two coders the pooled κ of De Vries, Elliott, Kanouse and Teleki (2008) is also given: the mean
p<sub>o</sub> and mean p<sub>e</sub> over the codes, combined as (p̄<sub>o</sub> − p̄<sub>e</sub>) /
(1 − p̄<sub>e</sub>).</p>
<p><strong>Reading α.</strong> Krippendorff (2004) advises relying on data with α ≥ {RELIABLE:.3f}; data with
{TENTATIVE:.3f} ≤ α &lt; {RELIABLE:.3f} allow only tentative conclusions; below {TENTATIVE:.3f} the coding
is not reliable enough to draw conclusions from.</p>
<p><strong>References.</strong></p>
<ul class="muted">
<li>Cohen, J. (1960). A coefficient of agreement for nominal scales. <em>Educational and Psychological
Measurement</em>, 20(1), 37–46.</li>
<li>De Vries, H., Elliott, M. N., Kanouse, D. E., &amp; Teleki, S. S. (2008). Using pooled kappa to summarize
interrater agreement across many items. <em>Field Methods</em>, 20(3), 272–282.</li>
<li>Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters. <em>Psychological
Bulletin</em>, 76(5), 378–382.</li>
<li>Krippendorff, K. (2004). <em>Content analysis: An introduction to its methodology</em> (2nd ed.).
Thousand Oaks, CA: Sage.</li>
<li>Krippendorff, K. (2011). <em>Computing Krippendorff's alpha-reliability</em>. Departmental Papers (ASC),
Annenberg School for Communication, University of Pennsylvania.</li>
<li>Krippendorff, K., Mathet, Y., Bouvry, S., &amp; Widlöcher, A. (2016). On the reliability of unitizing
textual continua: Further developments. <em>Quality &amp; Quantity</em>, 50(6), 2347–2364.</li>
</ul>"""


def _stats_cells(stats: Stats) -> str:
    values = (
        stats.percent_agreement,
        stats.cohen_kappa,
        stats.krippendorff_alpha,
        stats.fleiss_kappa,
        stats.jaccard,
    )
    return "".join(f'<td class="n">{_figure(value)}</td>' for value in values)


def _cell(value: float | None) -> str:
    return f'<td class="n">{_figure(value)}</td>'


_HEAD = "<th>Agreement</th><th>Cohen κ</th><th>Krippendorff α</th><th>Fleiss κ</th><th>Jaccard</th>"
_UNITIZED_HEAD = "<th>Unitized α (binary)</th>"


def _results(result: AgreementResult) -> str:
    rows = []
    for code in result.codes:
        reading = band(code.pooled.krippendorff_alpha)
        rows.append(
            f'<tr><td>{_e(code.code.path)}</td><td class="n">{code.pooled.units:,}</td>'
            f"{_stats_cells(code.pooled)}{_cell(code.segment_agreement())}{_cell(code.pooled.u_alpha_binary)}"
            f"<td>{reading}</td></tr>"
        )
    overall = result.overall
    means = (
        overall.percent_agreement,
        overall.cohen_kappa,
        overall.krippendorff_alpha,
        overall.fleiss_kappa,
        overall.jaccard,
    )
    rows.append(
        '<tr class="overall"><td>Mean over codes</td><td></td>'
        + "".join(_cell(value) for value in means)
        + f"<td></td>{_cell(overall.u_alpha_binary)}<td></td></tr>"
    )
    pooled = ""
    if len(result.coders) == 2:
        pooled = f"<p>Pooled κ (De Vries et al. 2008): <strong>{_figure(overall.pooled_kappa)}</strong></p>"
    chart = alpha_chart([(code.code.path, code.pooled.krippendorff_alpha) for code in result.codes])
    return (
        "<h2>Agreement per code</h2>\n<p>Figures pooled over all included sources. In the last row the "
        "unitized α is 1 − ΣD<sub>o</sub> / ΣD<sub>e</sub> over the codes, the other figures are means.</p>\n"
        f"<table><tr><th>Code</th><th>Characters</th>{_HEAD}<th>Segment agreement</th>{_UNITIZED_HEAD}"
        "<th>Reading of α</th>"
        f"</tr>{''.join(rows)}</table>\n{pooled}\n"
        "<h3>Krippendorff's α per code</h3>\n"
        f'<p class="muted">Dashed lines: {TENTATIVE:.3f} (tentative conclusions) and {RELIABLE:.3f} '
        "(reliable). Green: reliable; amber: tentative; red: unreliable.</p>\n"
        f"<figure>{chart}</figure>"
    )


def _passages(result: AgreementResult, data: AgreementInput, texts: Mapping[str, str]) -> str:
    parts = [
        "<h2>Where the coders disagree</h2>",
        "<p>For each code and source, every stretch of text that some but not all coders coded with the "
        f"code, highlighted, with up to {CONTEXT} characters of the surrounding text in grey. Offsets count "
        f"characters from 0, end excluded. Passages longer than {LONGEST_QUOTE:,} characters are shown by "
        "their beginning and end.</p>",
    ]
    sources = {source.name: source for source in data.sources}
    for code in result.codes:
        parts.append(f"<h3>{_e(code.code.path)}</h3>")
        if code.pairwise:
            parts.append(_pairwise(code))
        found = 0
        for entry in code.by_source:
            source = sources[entry.source]
            passages = source_disagreements(source, code.code.key, result.coders)
            if not passages:
                continue
            found += len(passages)
            stats = entry.stats
            parts.append(
                f'<h4>{_e(entry.source)} <span class="muted">— agreement {_figure(stats.percent_agreement)}, '
                f"α {_figure(stats.krippendorff_alpha)}, {len(passages)} passage"
                f"{'' if len(passages) == 1 else 's'}</span></h4>"
            )
            text = texts.get(entry.source)
            memos = _memos(source, code.code.key, result.coders)
            parts += [_passage(passage, text, result.coders, memos) for passage in passages]
        if not found:
            parts.append("<p>The coders agree on every character for this code.</p>")
    return "\n".join(parts)


def _pairwise(code: CodeAgreement) -> str:
    rows = "".join(
        f"<tr><td>{_e(' & '.join(pair.coders))}</td>{_stats_cells(pair.stats)}"
        f"{_cell(pair.stats.u_alpha_binary)}</tr>"
        for pair in code.pairwise
    )
    return f"<table><tr><th>Pair of coders</th>{_HEAD}{_UNITIZED_HEAD}</tr>{rows}</table>"


Memo = tuple[str, int, int, str]  # coder, start, end, memo of one coding


def _memos(source: SourceSpans, key: str, coders: Sequence[str]) -> list[Memo]:
    """The codings with the code by compared coders that carry a memo, in the order of the coders."""
    rank = {coder: index for index, coder in enumerate(coders)}
    found = [
        (c.coder, c.start, c.end, c.memo.strip())
        for c in source.codings
        if c.code == key and c.coder in rank and c.memo.strip()
    ]
    return sorted(found, key=lambda memo: (rank[memo[0]], memo[1], memo[2]))


def _memo_lines(passage: Passage, memos: Sequence[Memo]) -> str:
    """Each coder's memos on the codings that cover (part of) the passage, each memo once."""
    seen: set[tuple[str, str]] = set()
    lines = []
    for coder, start, end, memo in memos:
        if start < passage.end and end > passage.start and (coder, memo) not in seen:
            seen.add((coder, memo))
            lines.append(f'<div class="memo">Memo by {_e(coder)}: <q>{_e(memo)}</q></div>')
    return "".join(lines)


def _passage(passage: Passage, text: str | None, coders: Sequence[str], memos: Sequence[Memo] = ()) -> str:
    coded = [coder for coder in coders if coder in passage.coded_by]
    not_coded = [coder for coder in coders if coder not in passage.coded_by]
    who = f"Coded by {_e(', '.join(coded))}; not by {_e(', '.join(not_coded))}."
    size = passage.end - passage.start
    where = f"Characters {passage.start:,}–{passage.end:,} ({size:,} character{'' if size == 1 else 's'})."
    if text is None:
        quote = '<span class="omitted">(source text not available)</span>'
    else:
        before = text[max(0, passage.start - CONTEXT) : passage.start]
        after = text[passage.end : passage.end + CONTEXT]
        lead = "…" if passage.start > CONTEXT else ""
        tail = "…" if passage.end + CONTEXT < len(text) else ""
        marked = _quoted(text[passage.start : passage.end])
        quote = (
            f'<span class="context">{lead}{_e(before)}</span><mark>{marked}</mark>'
            f'<span class="context">{_e(after)}{tail}</span>'
        )

    return (
        f'<div class="passage"><div class="who">{who} {where}</div><blockquote>{quote}</blockquote>'
        f"{_memo_lines(passage, memos)}</div>"
    )


def _quoted(text: str) -> str:
    if len(text) <= LONGEST_QUOTE:
        return _e(text)
    half = LONGEST_QUOTE // 2
    omitted = len(text) - 2 * half
    return (
        f'{_e(text[:half])}<span class="omitted"> [… {omitted:,} characters not shown …] </span>'
        f"{_e(text[-half:])}"
    )
