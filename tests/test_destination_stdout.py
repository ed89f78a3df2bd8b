"""The stdout and file destinations."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from releasewatch.config import FileDestinationConfig, StdoutDestinationConfig
from releasewatch.destinations.base import Receipt
from releasewatch.destinations.stdout import FileDestination, StdoutDestination
from releasewatch.errors import DeliveryError
from releasewatch.render.email import render_html
from releasewatch.render.markdown import render_markdown
from tests.support.digestdata import sample_digest


def test_stdout_writes_the_document(capsys: pytest.CaptureFixture[str]) -> None:
    text = render_markdown(sample_digest())
    assert StdoutDestination(StdoutDestinationConfig(name="out")).send(text) == Receipt(remote_id=None)
    assert capsys.readouterr().out == text


def test_stdout_to_a_given_stream_ends_with_a_newline() -> None:
    stream = io.StringIO()
    StdoutDestination(StdoutDestinationConfig(name="out"), stream=stream).send("# hi")
    assert stream.getvalue() == "# hi\n"


def test_stdout_closed_pipe_is_permanent() -> None:
    class Broken(io.StringIO):
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

    with pytest.raises(DeliveryError) as caught:
        StdoutDestination(StdoutDestinationConfig(name="out"), stream=Broken()).send("x")
    assert not caught.value.transient and "Broken pipe" in str(caught.value)


def test_file_replaces_the_previous_digest(tmp_path: Path) -> None:
    config = FileDestinationConfig(name="site", path="out/digest.html", format="html")
    destination = FileDestination(config, base_dir=tmp_path)
    destination.send("old")
    receipt = destination.send(render_html(sample_digest()))
    target = tmp_path / "out" / "digest.html"
    assert receipt == Receipt(remote_id=str(target))
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in target.parent.iterdir()] == ["digest.html"]  # no temporary file left behind


def test_file_in_an_unwritable_place_is_permanent(tmp_path: Path) -> None:
    (tmp_path / "blocker").write_text("a file, not a folder")
    destination = FileDestination(FileDestinationConfig(name="f", path=str(tmp_path / "blocker" / "d.md")))
    with pytest.raises(DeliveryError) as caught:
        destination.send("x")
    assert not caught.value.transient and "cannot write" in str(caught.value)
