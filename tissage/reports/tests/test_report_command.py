"""`tissage report`: the files it writes, its progress, its errors."""

import io

import docx
import pytest
from django.core.management import CommandError, call_command

from tissage.cli import main
from tissage.privacy.models import Action, AuditEvent
from tissage.reports.tests.test_render_dataset import make_dataset

pytestmark = pytest.mark.django_db


def run(**options: object) -> str:
    out = io.StringIO()
    call_command("report", stdout=out, **options)
    return out.getvalue()


def test_it_writes_the_four_formats(tmp_path):
    make_dataset()
    output = run(
        period="2023-24", template="outreach", formats="docx,xlsx,pdf,html", out=str(tmp_path)
    )
    names = sorted(path.name for path in tmp_path.iterdir())
    assert names == [f"rapport-outreach-2023-24.{ext}" for ext in ("docx", "html", "pdf", "xlsx")]
    assert all(path.stat().st_size > 1000 for path in tmp_path.iterdir())
    from tissage.reports.templates_default import BUILTIN

    count = len(BUILTIN["outreach"][1])  # other apps add their sections to this template
    assert f"[1/{count}] introduction" in output and f"[{count}/{count}] conclusion" in output
    for ext in ("docx", "xlsx", "pdf", "html"):
        assert f"rapport-outreach-2023-24.{ext}  " in output  # each file, its size and time
    assert docx.Document(tmp_path / "rapport-outreach-2023-24.docx").tables
    event = AuditEvent.objects.get(action=Action.EXPORT)
    assert event.object_type == "reports.report"
    assert event.fields == ["docx", "html", "pdf", "xlsx"]


def test_english_on_demand(tmp_path):
    make_dataset()
    run(period="23/24", formats="html,xlsx", out=str(tmp_path / "new"), language="en")
    names = sorted(path.name for path in (tmp_path / "new").iterdir())
    assert names == ["report-outreach-2023-24.html", "report-outreach-2023-24.xlsx"]
    html = (tmp_path / "new" / "report-outreach-2023-24.html").read_text()
    assert '<html lang="en">' in html


@pytest.mark.parametrize(
    "options",
    [
        {"period": "2023-26"},
        {"period": "2023-24", "template": "nope"},
        {"period": "2023-24", "formats": "docx,odt"},
        {"period": "2023-24", "formats": ","},
        {"period": "2023-24", "language": "de"},
    ],
)
def test_bad_inputs_are_refused_clearly(tmp_path, options):
    with pytest.raises(CommandError):
        run(out=str(tmp_path), **options)
    assert list(tmp_path.iterdir()) == []


def test_from_the_command_line_a_bad_period_exits_non_zero(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["report", "--period", "someday", "--out", str(tmp_path)])
    assert exit_info.value.code != 0
    assert "someday" in capsys.readouterr().err
