"""Bounded templates (issue 13, point 8): nothing is evaluated when a template is checked or compiled; filling has
limits on text size, number size, loop rounds and output; a missing field inside a filter is an error."""

from __future__ import annotations

import pytest

from vanban import load
from vanban.copies import batch
from vanban.copies.templating import (MAX_ITERATIONS, MissingField, TemplateLimit, check_template, compile_template,
                                      render)
from vanban.diagnostics import Position, UserError
from clirun import run
from conftest import DIRECTIVES, ROOT

SPEC = DIRECTIVES / "003-thai-binh-bluezone.yaml"
EXAMPLE = ROOT / "examples" / "tung-noi-nhan" / "002-long-an-tung-huyen.yaml"
DATA = ROOT / "examples" / "tung-noi-nhan" / "so-lieu-huyen.csv"
ANCHOR = "Nhận Công văn này"

BOMBS = ["{{ 'x' * 10**9 }}", "{{ 7**123456789 }}", "{{ (2**200) * (2**200) }}", "{{ 'ab' * 6000 + 'c' * 15000 }}",
         "{% for a in 'x' * 1000 %}{% for b in 'x' * 1000 %}.{% endfor %}{% endfor %}"]


@pytest.mark.parametrize("source", BOMBS)
def test_bombs_are_not_evaluated_at_load_and_refused_when_filled(source):
    assert check_template(source, "noi_dung[0]", Position("thu.yaml", 3, 5)) == []
    compile_template(source)  # compiling evaluates nothing (no constant folding)
    with pytest.raises(TemplateLimit):
        render(source, {})


def test_limits_leave_ordinary_templates_alone():
    assert render("{{ 2 * 3 }} {{ 'ab' ~ 'c' }} {{ -n }} {{ n | so }} {% for x in l %}{{ x }};{% endfor %}",
                  {"n": 187315, "l": [1, 2]}) == "6 abc -187315 187.315 1;2;"
    assert render("{% for x in l %}.{% endfor %}", {"l": list(range(MAX_ITERATIONS))}) == "." * MAX_ITERATIONS


def test_a_missing_field_inside_a_filter_is_an_error_not_undefined():
    with pytest.raises(MissingField):
        render("{{ l | map(attribute='ten') | list }}", {"l": [{"ma": 1}]})


@pytest.mark.parametrize("source", ["{{ 'x' | center(10**9) }}", "{{ '%0999999999d' | format(1) }}",
                                    "{{ range(100000) | list }}", "{{ lipsum(10**6) }}", "{{ [1] | batch(10**9, 0) }}",
                                    "{{ [1, 2] | random }}"])
def test_filters_and_globals_that_make_large_or_random_output_are_unknown(source):
    assert [d.code for d in check_template(source, "p", Position("f"))] == ["VB623"]


def test_check_text_and_build_of_a_spec_with_a_bomb(tmp_path):
    spec = tmp_path / "thu.yaml"
    spec.write_text(SPEC.read_text(encoding="utf-8").replace(ANCHOR, ANCHOR + " {{ 7**123456789 }}"),
                    encoding="utf-8")
    checked = run("check", spec)
    assert checked.returncode in (0, 1) and "VB101" not in checked.stdout
    assert "{{ 7**123456789 }}" in run("text", spec).stdout  # the text shows the template, unevaluated
    result = run("build", spec, "-o", tmp_path / "o")
    assert result.returncode == 1 and "VB140" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "o" / "thu.docx").exists()


def test_a_per_recipient_bomb_is_vb140_naming_the_recipient(tmp_path):
    text = EXAMPLE.read_text(encoding="utf-8").replace("{{ so_lieu.dia_ban }}", "{{ so_lieu.dia_ban * 10**6 }}")
    spec = tmp_path / EXAMPLE.name
    spec.write_text(text, encoding="utf-8")
    result = load(spec, registry=ROOT / "recipients")
    assert result.ok, [d.format() for d in result.diagnostics]
    with pytest.raises(UserError) as caught:
        batch.plan(result.document, batch.Options(outdir=tmp_path, table=DATA))
    codes = {d.code for d in caught.value.diagnostics}
    assert codes == {"VB140"}
    assert "la-ubnd-tp-tan-an" in caught.value.diagnostics[0].message or any(
        "nơi nhận `" in d.message for d in caught.value.diagnostics)
