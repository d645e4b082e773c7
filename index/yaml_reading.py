"""YAML read safely: mapping keys keep their line (for file:line messages), YAML 1.1
number traps are kept as typed, and documents whose aliases explode are refused."""

from __future__ import annotations

from typing import Any

import yaml

MAX_YAML_NODES = 100_000
"""Nodes a YAML document may expand to once its aliases are followed (billion laughs)."""


class LineLoader(yaml.SafeLoader):
    """safe_load that remembers where each mapping key is, for file:line messages."""


def _construct_mapping(loader: LineLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    mapping: dict[Any, Any] = {}
    lines: dict[Any, int] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            continue
        mapping[key] = loader.construct_object(value_node, deep=True)
        lines[key] = key_node.start_mark.line + 1
    mapping["__lines__"] = lines
    return mapping


LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


class Ambiguous:
    """A YAML 1.1 number trap (`010` is 8, `12:30` is 750): no key accepts it, so it warns."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return repr(self.text)


class YamlTooLarge(yaml.YAMLError):
    """A document whose aliases expand beyond MAX_YAML_NODES."""


def _expanded_size(root: yaml.Node, limit: int) -> int:
    """How many nodes `root` stands for with every alias followed (stops past `limit`)."""
    sizes: dict[int, int] = {}
    visiting: set[int] = set()

    def size(node: yaml.Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in visiting:  # a recursive alias (`&a [*a]`): count it once
            return 1
        visiting.add(key)
        total = 1
        if isinstance(node, yaml.SequenceNode):
            for child in node.value:
                total += size(child)
                if total > limit:
                    break
        elif isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                total += size(key_node) + size(value_node)
                if total > limit:
                    break
        visiting.discard(key)
        sizes[key] = total
        return total

    return size(root)


def load_yaml_bounded(
    text: str, loader_class: type[yaml.SafeLoader], max_nodes: int = MAX_YAML_NODES
) -> Any:
    """`yaml.load` with a safe loader, refusing documents whose aliases explode.

    Raises YamlTooLarge (a YAMLError) instead of spending gigabytes on `&a [*a, *a, …]`
    nested a few levels deep.
    """
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if _expanded_size(node, max_nodes) > max_nodes:
            raise YamlTooLarge(
                f"its aliases expand to more than {max_nodes:,} values (a YAML bomb?)"
            )
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _construct_int(loader: LineLoader, node: yaml.ScalarNode) -> Any:
    value = str(node.value).replace("_", "")
    digits = value.lstrip("+-")
    if ":" in value or (len(digits) > 1 and digits.startswith("0") and digits[1:2].isdigit()):
        return Ambiguous(str(node.value))
    return loader.construct_yaml_int(node)


LineLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
