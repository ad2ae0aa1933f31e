"""The CI workflow: full history where it builds, and syndication after the deploy whose
record survives from one CI run to the next (scripts/ci/syndicate.sh, run for real in
temporary git clones against the fake Mastodon and Bluesky)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from fake_social import item, write_feed

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "site.yml"
MESSAGE = "Record posts to Mastodon and Bluesky [skip ci]"


def jobs(text: str) -> dict[str, str]:
    """{job name: its lines} from the workflow text (PyYAML is not a dependency)."""
    body = text.split("\njobs:\n", 1)[1]
    found: dict[str, list[str]] = {}
    current = None
    for line in body.splitlines():
        match = re.match(r"^  ([\w-]+):\s*$", line)
        if match:
            current = match.group(1)
            found[current] = []
        elif current and (line.startswith("    ") or not line.strip()):
            found[current].append(line)
        elif line.strip() and not line.startswith(" "):
            break
    return {name: "\n".join(lines) for name, lines in found.items()}


def test_every_checkout_fetches_the_whole_history():
    text = WORKFLOW.read_text()
    for name, job in jobs(text).items():
        checkouts = job.count("uses: actions/checkout@")
        assert job.count("fetch-depth: 0") == checkouts, name
    assert "make publish" in jobs(text)["check"]


def test_syndication_runs_after_the_deploy_never_on_pull_requests_and_alone_may_write():
    text = WORKFLOW.read_text()
    all_jobs = jobs(text)
    job = all_jobs["syndicate"]
    assert re.search(r"^    needs: deploy$", job, re.M)
    assert "github.event_name != 'pull_request'" in re.search(r"^    if: (.*)$", job, re.M).group(1)
    assert re.search(r"^      contents: write", job, re.M)
    assert [name for name, lines in all_jobs.items() if "contents: write" in lines] == ["syndicate"]
    assert re.search(r"^permissions:\n  contents: read$", text, re.M)
    assert "run: bash scripts/ci/syndicate.sh output" in job
    for secret in ("MASTODON_TOKEN", "BLUESKY_APP_PASSWORD"):
        assert f"{secret}: ${{{{ secrets.{secret} }}}}" in job
    assert (ROOT / "scripts" / "ci" / "syndicate.sh").is_file()


def git(*args: str, cwd: Path, env: dict[str, str]) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def git_env(tmp_path):
    """Git as on a fresh runner: no system or user settings but a name for staff's own commits."""
    (tmp_path / "gitconfig").write_text("[user]\n\tname = Staff\n\temail = staff@example.gov\n")
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "MASTODON_", "BLUESKY_", "GITHUB_"))},
        "GIT_CONFIG_GLOBAL": str(tmp_path / "gitconfig"), "GIT_CONFIG_NOSYSTEM": "1",
    }


@pytest.fixture
def origin(tmp_path, git_env):
    """A bare `origin` holding a project with the two scripts the CI step runs."""
    bare = tmp_path / "origin.git"
    git("init", "--quiet", "--bare", "-b", "main", str(bare), cwd=tmp_path, env=git_env)
    seed = tmp_path / "seed"
    (seed / "scripts" / "ci").mkdir(parents=True)
    shutil.copy(ROOT / "scripts" / "syndicate.py", seed / "scripts" / "syndicate.py")
    shutil.copy(ROOT / "scripts" / "ci" / "syndicate.sh", seed / "scripts" / "ci" / "syndicate.sh")
    (seed / "pelicanconf.py").write_text('SITEURL = ""\n')
    (seed / ".gitignore").write_text("output/\ninbox/\n")
    git("init", "--quiet", "-b", "main", cwd=seed, env=git_env)
    git("add", ".", cwd=seed, env=git_env)
    git("commit", "--quiet", "-m", "Start", cwd=seed, env=git_env)
    git("remote", "add", "origin", str(bare), cwd=seed, env=git_env)
    git("push", "--quiet", "origin", "main", cwd=seed, env=git_env)
    return bare


def ci_run(checkout: Path, items, fake, env) -> subprocess.CompletedProcess:
    """What the workflow's syndicate job does once the deployed site is in output/."""
    write_feed(checkout / "output", items)
    return subprocess.run(
        ["bash", "scripts/ci/syndicate.sh", "output"], cwd=checkout, capture_output=True, text=True, timeout=120,
        env={**env, **fake.env(), "PYTHON": sys.executable, "GITHUB_REF_NAME": "main", "SYNDICATE_SINCE": "2026-01-01"},
    )


def test_the_record_survives_from_one_ci_run_to_the_next(tmp_path, origin, fake, git_env):
    # Two CI checkouts of the same commit: the second job starts before the first pushes.
    first_job, second_job = tmp_path / "job-1", tmp_path / "job-2"
    for job in (first_job, second_job):
        git("clone", "--quiet", str(origin), str(job), cwd=tmp_path, env=git_env)
    stories = [item("bike-unit", 2), item("new-cadets", 3)]

    result = ci_run(first_job, stories, fake, git_env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(fake.own_statuses()) == 2 and len(fake.own_records()) == 2
    log = git("log", "--format=%s%n%an", "origin/main", cwd=first_job, env=git_env).splitlines()
    assert log[:2] == [MESSAGE, "github-actions[bot]"]

    result = ci_run(second_job, [*stories, item("bridge-reopens", 4)], fake, git_env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(fake.own_statuses()) == 3 and len(fake.own_records()) == 3  # only the new item
    assert len(fake.seen("/api/v1/statuses")) == 3

    final = tmp_path / "final"
    git("clone", "--quiet", str(origin), str(final), cwd=tmp_path, env=git_env)
    record = json.loads((final / "syndication.json").read_text())
    assert len(record["posts"]) == 3 and record["site"] == "https://police.example.gov"
    assert {p["mastodon"]["state"] for p in record["posts"].values()} == {"posted"}
    assert git("log", "--format=%s", cwd=final, env=git_env).splitlines() == [MESSAGE, MESSAGE, "Start"]

    # A third run with nothing new commits nothing.
    result = ci_run(final, [*stories, item("bridge-reopens", 4)], fake, git_env)
    assert result.returncode == 0 and len(fake.own_statuses()) == 3
    assert git("log", "--format=%s", "origin/main", cwd=final, env=git_env).splitlines()[0] == MESSAGE
    assert len(git("log", "--format=%s", "origin/main", cwd=final, env=git_env).splitlines()) == 3


def test_the_record_is_pushed_even_when_the_run_stops_half_way(tmp_path, origin, fake, git_env):
    job = tmp_path / "job"
    git("clone", "--quiet", str(origin), str(job), cwd=tmp_path, env=git_env)
    fake.fail("/xrpc/com.atproto.server.createSession", 401, body={"error": "AuthenticationRequired"})
    result = ci_run(job, [item("bike-unit", 2)], fake, git_env)
    assert result.returncode == 1 and "check BLUESKY_HANDLE" in result.stderr
    shown = git("show", "origin/main:syndication.json", cwd=job, env=git_env)
    assert json.loads(shown)["posts"][item("bike-unit", 2).guid]["mastodon"]["state"] == "posted"


def test_without_platforms_the_step_does_nothing(tmp_path, origin, git_env):
    job = tmp_path / "job"
    git("clone", "--quiet", str(origin), str(job), cwd=tmp_path, env=git_env)
    result = subprocess.run(["bash", "scripts/ci/syndicate.sh"], cwd=job, capture_output=True, text=True, env=git_env, timeout=60)
    assert result.returncode == 0 and "nothing to post" in result.stdout
    assert git("log", "--format=%s", "origin/main", cwd=job, env=git_env).splitlines() == ["Start"]
