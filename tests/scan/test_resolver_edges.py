"""Resolution corner cases: cycles, missing and starred arguments, rebinding, scopes."""

from __future__ import annotations

import pytest

from novacat_persistence.scan import check_source


def _rules(source: str) -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in check_source("import boto3\n" + source).findings]


@pytest.mark.parametrize(
    "source",
    [
        "a = b\nb = a\nboto3.client(a)\n",
        "def f(self):\n    self.s = self.s + 'x'\n    boto3.client(self.s)\n",
        "def f(self):\n    self.s = self.s.parent\n    boto3.client(self.s)\n",
        "boto3.client()\n",
        "args = ['dynamodb']\nboto3.client(*args)\n",
        "kwargs = load()\nboto3.client(**kwargs)\n",
        "name = 'dynamo'\nname += 'db'\nboto3.client(name)\n",
    ],
    ids=[
        "name-cycle",
        "attribute-cycle",
        "attribute-chain-cycle",
        "no-args",
        "star",
        "kwargs",
        "augassign",
    ],
)
def test_what_cannot_be_resolved_is_unresolved_not_an_error(source: str) -> None:
    lines = source.count("\n") + 1
    assert _rules(source) == [("unresolved-client", lines)]


def test_every_binding_of_a_name_counts() -> None:
    source = "service = 's3'\n\n\ndef later():\n    global service\n    service = 'dynamodb'\n"
    assert _rules(source + "boto3.client(service)\n") == [("db-client", 8)]


def test_a_shadowing_local_function_hides_nothing_of_the_import() -> None:
    # Flow-insensitive on purpose: `boto3` may still be the module, so the call is reported.
    source = "def f(boto3):\n    return boto3.client('dynamodb')\n"
    assert _rules(source) == [("db-client", 3)]


def test_strings_built_from_too_many_alternatives_are_unresolved() -> None:
    source = "".join(f"p{i} = 'a' if x else 'b'\n" for i in range(6))
    source += "boto3.client(f'{p0}{p1}{p2}{p3}{p4}{p5}')\n"
    assert _rules(source) == [("unresolved-client", 8)]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("self.make = boto3.client\nself.make('dynamodb')\n", [("db-client", 3)]),
        ("holder.make = boto3.resource\nholder.make('dynamodb')\n", [("db-resource", 3)]),
        (
            "class Store:\n    make = boto3.client\n\n    def open(self):\n"
            "        return self.make('dynamodb')\n",
            [("db-client", 6)],
        ),
        (
            "class Store:\n    make = boto3.client\n\n    @classmethod\n    def open(cls):\n"
            "        return cls.make('dynamodb')\n",
            [("db-client", 7)],
        ),
        (
            "self.opener = boto3.resource('dynamodb').Table\nself.opener('jobs')\n",
            [("db-resource", 2), ("db-table", 3)],
        ),
        (
            "self.loader = importlib.import_module\nself.loader('pynamodb.models')\n",
            [("db-orm", 3)],
        ),
    ],
    ids=["self-chain", "other-chain", "class-attribute", "cls", "table-method", "importer"],
)
def test_a_factory_called_under_another_name_through_an_attribute_is_resolved(
    source: str, expected: list[tuple[str, int]]
) -> None:
    # The call's own name says nothing: what the attribute was bound to does.
    assert sorted(_rules("import importlib\n" + source)) == [
        (rule, line + 1) for rule, line in expected
    ]
