"""Symlinks inside a corpus folder: one that leads out of the paths given is reported and not
followed (``passwd.txt -> /etc/passwd``, ``outside -> /etc``), unless links are to be followed;
loops, including a link to a folder of no article name, are one line each, never silence."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from warreader.corpus.discover import discover, following_links
from warreader.corpus.problem import Problem

PROSE = "Kyiv was shelled overnight, Ivan Petrov said.\n"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """news/ with one article, links out of it (a file, a folder), links inside it, and loops."""
    news = tmp_path / "news"
    (news / "sub").mkdir(parents=True)
    (news / "a.txt").write_text(PROSE)
    (news / "sub" / "b.txt").write_text(PROSE.replace("Kyiv", "Lviv"))
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "deep").mkdir(parents=True)
    (elsewhere / "secret.txt").write_text("not for the index\n")
    (elsewhere / "deep" / "more.txt").write_text("not for the index either\n")
    (news / "secret.txt").symlink_to(elsewhere / "secret.txt")  # like passwd.txt -> /etc/passwd
    (news / "outside").symlink_to(elsewhere)  # like outside -> /etc
    (news / "inside.txt").symlink_to(news / "sub" / "b.txt")  # inside: fine (read once)
    (news / "latest").symlink_to(news / "sub")  # inside: fine (read once)
    (news / "sub" / "up").symlink_to(news)  # a loop to an ancestor
    (news / "ping").symlink_to(news / "pong")  # a two-link loop, no article name
    (news / "pong").symlink_to(news / "ping")
    return news


def real(paths: list[Path | str] | list[Path]) -> list[str]:
    return sorted(os.path.realpath(p) for p in paths)


def messages(problems: list[Problem]) -> dict[str, str]:
    found = {Path(p.path).name: p.message for p in problems}
    assert len(found) == len(problems), problems  # one line each
    return found


def test_links_out_of_the_folder_are_reported_and_not_followed(corpus: Path) -> None:
    problems: list[Problem] = []
    found = discover([corpus], problems)
    assert real(found) == real([corpus / "a.txt", corpus / "sub" / "b.txt"])  # each file once
    said = messages(problems)
    target = os.path.realpath(corpus.parent / "elsewhere")
    assert said["secret.txt"] == (
        f"symlink to {target}/secret.txt, outside the folders given: not followed (--follow-links follows it)"
    )
    assert said["outside"].startswith(f"symlink to {target}, outside the folders given: not followed")
    assert said["up"] == f"symlink loop (back to {os.path.realpath(corpus)}): not followed"
    assert said["ping"] == said["pong"] == "symlink loop"
    assert set(said) == {"secret.txt", "outside", "up", "ping", "pong"}


def test_follow_links_reads_them_and_still_reports_loops(corpus: Path) -> None:
    problems: list[Problem] = []
    found = discover([corpus], problems, follow_links=True)
    elsewhere = corpus.parent / "elsewhere"
    assert real(found) == real(
        [
            corpus / "a.txt",
            corpus / "sub" / "b.txt",
            elsewhere / "secret.txt",
            elsewhere / "deep" / "more.txt",
        ]
    )
    assert set(messages(problems)) == {"up", "ping", "pong"}
    with following_links(True):  # the process-wide switch the --follow-links option sets
        assert len(discover([corpus], [])) == 4
    assert len(discover([corpus], [])) == 2  # and it ends with its block


def test_a_link_into_another_path_given_is_followed(corpus: Path) -> None:
    problems: list[Problem] = []
    found = discover([corpus, corpus.parent / "elsewhere"], problems)
    assert len(found) == 4  # elsewhere's two files once each, whichever name reached them first
    assert set(messages(problems)) == {"up", "ping", "pong"}


def test_a_path_given_by_name_is_read_wherever_it_leads(corpus: Path) -> None:
    problems: list[Problem] = []
    assert discover([corpus / "secret.txt", corpus / "outside"], problems) == [
        corpus / "secret.txt",
        corpus / "outside" / "deep" / "more.txt",
    ]
    assert problems == []


def test_a_folder_given_through_a_symlink_keeps_its_inside_links(tmp_path: Path, corpus: Path) -> None:
    (tmp_path / "alias").symlink_to(corpus)
    problems: list[Problem] = []
    found = discover([tmp_path / "alias"], problems)
    assert len(found) == 2
    assert set(messages(problems)) == {"secret.txt", "outside", "up", "ping", "pong"}
