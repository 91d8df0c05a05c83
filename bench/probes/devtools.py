"""Probe: a software team's repositories and issue tracker, as developer tools export them.

commits.parquet: a commit per row (sha, author's name and e-mail, time, repository,
files changed) with its message: "@login" mentions, "Merge pull request #N from
login/branch", "Co-authored-by: Name <e-mail>", thanks to a first name, and paths with a
home folder ("/home/login/src/..."). issues.jsonl: an issue per line with a title, a
``reporter`` and an ``assignee`` holding logins, labels, and a body that is a Python
traceback through a home folder, a customer's name and e-mail, a Windows path through
"C:\\Users\\First.Last\\", or a mention.

    python -m bench.probes.devtools 8000 /tmp/devtools && safeset run /tmp/devtools
"""

import hashlib
import random

import polars as pl

from bench.probes import people, rows_and_folder, seeded, write_jsonl

n, out = rows_and_folder()
locs = ["en_US", "de_DE", "pl_PL", "nl_NL", "sv_SE"]
fk = seeded(locs, 1100)
rnd = random.Random(11)
devs = []
for _i, _loc, _g, first, last in people(60, locs, fk):
    f, la = first.lower().replace(" ", ""), last.lower().replace(" ", "")
    login = rnd.choice((f"{f[0]}{la}", f"{f}.{la}", f"{f}{rnd.randint(1, 99)}"))
    devs.append((f"{first} {last}", f"{f}.{la}@acme-dev.io", login))
MODULES = ("billing", "auth", "search", "checkout", "api", "worker", "ui")


def message(i: int, login: str, other: tuple[str, str, str], module: str) -> str:
    sha = hashlib.sha1(f"r{i}".encode()).hexdigest()
    return rnd.choice(
        (
            f"Fix null pointer in {module} (reported by @{other[2]})",
            f"Merge pull request #{rnd.randint(100, 9999)} from {login}/feature-{module}",
            f'Revert "Add retry to {module}"\n\nThis reverts commit {sha}.\n'
            f"Co-authored-by: {other[0]} <{other[1]}>",
            f"Update {module} docs, thanks {other[0].split()[0]}",
            f"Bump {module} version to 2.{rnd.randint(0, 20)}.{rnd.randint(0, 9)}",
            f"WIP {module}: tested on /home/{login}/src/{module}/main.py",
        )
    )


commits = []
for i in range(n):
    name, email, login = rnd.choice(devs)
    module = rnd.choice(MODULES)
    commits.append(
        {
            "sha": hashlib.sha1(f"c{i}".encode()).hexdigest(),
            "author_name": name,
            "author_email": email,
            "committed_at": f"2025-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}T"
            f"{rnd.randrange(24):02d}:{rnd.randrange(60):02d}:00Z",
            "message": message(i, login, rnd.choice(devs), module),
            "files_changed": rnd.randint(1, 40),
            "repo": f"acme/{module}",
        }
    )
issues = []
for i in range(max(1, n // 4)):
    name, _email, login = rnd.choice(devs)
    module = rnd.choice(MODULES)
    customer = fk["en_US"]
    body = rnd.choice(
        (
            "Traceback (most recent call last):\n"
            f'  File "/home/{login}/venvs/{module}/lib/python3.11/site-packages/{module}/'
            f'core.py", line {rnd.randint(10, 900)}, in run\n'
            "    raise ValueError('bad input')\nValueError: bad input\n\n"
            f"Steps: open {module}, click save.",
            f"Customer {customer.name()} ({customer.email()}) cannot log in since the "
            f"{module} deploy. Assigned to {login}.",
            "Stack trace attached. Reproduced on "
            f"C:\\Users\\{name.replace(' ', '.')}\\AppData\\Local\\{module}\\log.txt",
            f"@{login} can you take a look? Happens only in {module} on staging.",
        )
    )
    issues.append(
        {
            "issue_id": i + 1,
            "title": f"{module}: " + rnd.choice(("crash on save", "login broken", "slow search")),
            "reporter": login,
            "assignee": rnd.choice(devs)[2],
            "body": body,
            "labels": rnd.choice(("bug", "bug,urgent", "question", "enhancement")),
            "opened_at": f"2025-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}",
        }
    )
pl.DataFrame(commits).write_parquet(out / "commits.parquet")
write_jsonl(out / "issues.jsonl", issues)
