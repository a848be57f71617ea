"""The file-system floor (benchmarks/floor.py): it writes the same tree, byte for byte, with
every process it forks, and refuses to write over a folder. No timing is asserted."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.floor import main, read_tree, write_tree


def make_site(root: Path) -> dict[str, bytes]:
    files = {
        "index.html": b"<!doctype html><title>Beranda</title>",
        "inovasi/aceh/satu/index.html": b"satu" * 100,
        "inovasi/aceh/dua/index.html": b"dua",
        "inovasi/bali/tiga/index.html": b"",
        "search/terms/akta.json.gz": bytes(range(256)),
    }
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return files


@pytest.mark.parametrize("processes", [1, 2, 3])
def test_the_copy_is_the_tree_byte_for_byte(tmp_path: Path, processes: int) -> None:
    files = make_site(tmp_path / "site")
    tree = read_tree(tmp_path / "site")
    floor = write_tree(tree, tmp_path / "copy", processes)
    assert dict(read_tree(tmp_path / "copy")) == files
    assert (floor.files, floor.bytes) == (len(files), sum(map(len, files.values())))
    assert floor.seconds >= 0


def test_it_never_writes_into_an_existing_folder(tmp_path: Path) -> None:
    make_site(tmp_path / "site")
    (tmp_path / "copy").mkdir()
    with pytest.raises(FileExistsError):
        write_tree(read_tree(tmp_path / "site"), tmp_path / "copy")


def test_the_command_reports_the_tree_and_removes_its_copy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_site(tmp_path / "site")
    assert main([str(tmp_path / "site")]) == 0
    out = capsys.readouterr().out
    assert "5 files" in out and "by 2 process(es)" in out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert main([str(tmp_path / "nowhere")]) == 2
