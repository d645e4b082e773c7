"""Whoosh's W3 segment format with posting blocks that can be read without their positions.

W3 pickles each block of 128 postings as one zlib-compressed tuple (document numbers,
weights, positions), so learning which documents hold a word means decompressing and
unpickling every position too: about 1 µs per posting, most of a partial word's cost.
Here a block is a small header, the document-number deltas and weights as plain arrays,
then the values (positions) compressed on their own. `read_ids_weights` reads the first
two parts only; Whoosh's own matcher reads everything as before. Blocks hold no pickles.
"""

from __future__ import annotations

import struct
import sys
import zlib
from array import array
from itertools import accumulate, pairwise, repeat
from typing import Any

from whoosh.codec.whoosh3 import (
    WHOOSH3_HEADER_MAGIC,
    W3Codec,
    W3FieldWriter,
    W3LeafMatcher,
    W3PostingsWriter,
)
from whoosh.util.numeric import byte_to_length, length_to_byte

_HEADER = struct.Struct("<IccccI")
"""First id, id typecode, weight kind, values kind, values typecode, values byte length."""
_BIG_ENDIAN = sys.byteorder == "big"


def _typecode(largest: int) -> str:
    if largest < 1 << 8:
        return "B"
    if largest < 1 << 16:
        return "H"
    return "I"


def _tobytes(values: array[Any]) -> bytes:
    if _BIG_ENDIAN and values.itemsize > 1:
        values = array(values.typecode, values)
        values.byteswap()
    return values.tobytes()


def _frombytes(typecode: str, data: bytes | memoryview) -> array[Any]:
    values = array(typecode)
    values.frombytes(data)
    if _BIG_ENDIAN and values.itemsize > 1:
        values.byteswap()
    return values


def encode_block(
    ids: array[int], weights: array[float], values: list[bytes], fixed: Any, level: int
) -> bytes:
    """One block's postings as bytes: header, id deltas, weights, compressed values."""
    deltas = array("I", [b - a for a, b in pairwise(ids)])
    id_code = _typecode(max(deltas, default=0))
    parts = [b"", _tobytes(array(id_code, deltas))]
    if all(w == 1.0 for w in weights):
        weight_kind = b"N"
    elif all(w.is_integer() and 0 <= w < 256 for w in weights):
        weight_kind = b"B"
        parts.append(bytes(int(w) for w in weights))
    else:
        weight_kind = b"f"
        parts.append(_tobytes(array("f", weights)))
    if fixed is None or fixed < 0:
        lengths = array("I", map(len, values))
        length_code = _typecode(max(lengths, default=0))
        raw = _tobytes(array(length_code, lengths)) + b"".join(values)
        values_kind = b"V"
    elif fixed == 0 or not values:
        raw, length_code, values_kind = b"", "B", b"0"
    else:
        raw, length_code, values_kind = b"".join(values), "B", b"F"
    if level and len(raw) >= 20:
        raw = zlib.compress(raw, level)
        values_kind = values_kind.lower()
    parts.append(raw)
    parts[0] = _HEADER.pack(
        ids[0], id_code.encode(), weight_kind, values_kind, length_code.encode(), len(raw)
    )
    return b"".join(parts)


def read_ids_weights(data: bytes, count: int) -> tuple[list[int], Any]:
    """Document numbers and weights of one encoded block, skipping its values."""
    first, id_code, weight_kind, _, _, _ = _HEADER.unpack_from(data)
    start = _HEADER.size
    code = id_code.decode()
    end = start + (count - 1) * array(code).itemsize
    ids = list(accumulate(_frombytes(code, data[start:end]), initial=first))
    if weight_kind == b"N":
        return ids, repeat(1.0, count)
    if weight_kind == b"B":
        return ids, data[end : end + count]
    return ids, _frombytes("f", data[end : end + 4 * count])


def read_values(data: bytes, count: int) -> Any:
    """One encoded block's values: a tuple of bytes (variable size), bytes (fixed) or None."""
    _, _, _, values_kind, length_code, raw_size = _HEADER.unpack_from(data)
    raw = data[len(data) - raw_size :] if raw_size else b""
    if values_kind.islower():
        raw = zlib.decompress(raw)
    kind = values_kind.upper()
    if kind == b"V":
        code = length_code.decode()
        lengths = _frombytes(code, raw[: count * array(code).itemsize])
        offsets = list(accumulate(lengths, initial=count * lengths.itemsize))
        return tuple(map(raw.__getitem__, map(slice, offsets, offsets[1:])))
    if kind == b"F":
        return raw
    return None


def _float_weights(weights: Any) -> array[float]:
    # array("f", some_bytes) would read the bytes as raw floats: go through a list.
    return array("f", list(weights) if isinstance(weights, bytes) else weights)


class BlockPostingsWriter(W3PostingsWriter):  # type: ignore[misc]
    """Writes W3 posting lists whose block data is `encode_block`, not a pickle."""

    _ids: Any
    _weights: Any
    _values: Any
    _maxweight: Any
    _minlength: Any
    _maxlength: Any

    def _write_block(self, last: bool = False) -> None:
        if self._byteids:
            super()._write_block(last)
            return
        if not self._blockcount:
            self._postfile.write(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        databytes = encode_block(
            self._ids,
            self._weights,
            self._values,
            self._format.fixed_value_size(),
            self._compression,
        )
        ids = self._ids
        infobytes = _INFO.pack(
            len(ids),
            ids[-1],
            float(self._maxweight),
            length_to_byte(self._minlength),
            length_to_byte(self._maxlength),
        )
        length = len(infobytes) + len(databytes)
        self._postfile.write_int(-length if last else length)
        self._postfile.write(infobytes)
        self._postfile.write(databytes)
        self._blockcount += 1
        self._new_block()

    def add_list(
        self, ids: array[int], weights: array[float], values: list[bytes], lengths: Any
    ) -> None:
        """A whole posting list at once, as `add_posting` called for each would write it.

        `values` leaves out empty values (as `add_posting` does); `lengths` holds each
        document's field length, or is None when the field keeps none.
        """
        if self._byteids:  # vector postings (ids are terms): one at a time, as Whoosh
            for i, docnum in enumerate(ids):
                value = values[i] if values else b""
                self.add_posting(docnum, weights[i], value, lengths[i] if lengths else None)
            return
        limit = self._blocklimit
        for start in range(0, len(ids), limit):
            end = start + limit
            self._ids = ids[start:end]
            chunk = weights[start:end]
            self._weights = array("f", chunk)
            self._maxweight = max(0, max(chunk))
            if values:
                self._values = values[start:end]
            if lengths:
                set_lengths = [n for n in lengths[start:end] if n]
                if set_lengths:
                    self._minlength = min(set_lengths)
                    self._maxlength = max(set_lengths)
            if end < len(ids):
                self._write_block()
        # The last block stays buffered: finish_postings writes it, marked as the last.


class BlockFieldWriter(W3FieldWriter):  # type: ignore[misc]
    """W3's field writer; a `TermPool` hands it whole posting lists instead of postings."""

    def add_postings(self, schema: Any, lengths: Any, items: Any) -> None:
        term_lists = getattr(items, "term_lists", None)
        if term_lists is None:
            super().add_postings(schema, lengths, items)
            return
        field_lengths = getattr(lengths, "field_lengths", None)
        current = None
        by_doc: Any = None
        for (fieldname, tbytes), (ids, weights, values) in term_lists():
            if fieldname != current:
                if current is not None:
                    self.finish_field()
                current = fieldname
                self.start_field(fieldname, schema[fieldname])
                by_doc = field_lengths(fieldname) if field_lengths else None
            self.start_term(tbytes)
            if by_doc is not None:
                doc_lengths = [by_doc[d] for d in ids]
            elif lengths is not None:
                doc_lengths = [lengths.doc_field_length(d, fieldname) for d in ids]
            else:
                doc_lengths = None
            self._postwriter.add_list(ids, weights, values, doc_lengths)
            self.finish_term()
        if current is not None:
            self.finish_field()


class BlockLeafMatcher(W3LeafMatcher):  # type: ignore[misc]
    """Whoosh's posting-list matcher over blocks written by BlockPostingsWriter."""

    _data: Any
    _ids: Any
    _weights: Any
    _values: Any

    def _goto(self, position: int) -> None:
        self._data = self._ids = self._weights = self._values = None
        self._i = 0
        postfile = self._postfile
        postfile.seek(position)
        length = postfile.read_int()
        self._lastblock = length < 0
        length = abs(length)
        self._nextoffset = position + _INT_SIZE + length
        count, last_id, max_weight, shortest, longest = _INFO.unpack(postfile.read(_INFO.size))
        self._blocklength = count
        self._maxid = last_id
        self._maxweight = max_weight
        self._compression = None
        self._minlength = byte_to_length(shortest)
        self._maxlength = byte_to_length(longest)
        self._dataoffset = position + _INT_SIZE + _INFO.size

    def block_data(self) -> bytes:
        """This block's encoded postings (see `encode_block`)."""
        return bytes(self._postfile.get(self._dataoffset, self._nextoffset - self._dataoffset))

    # Each part of a block is decoded on first use: intersecting two lists needs the ids
    # of every block but the positions of only the blocks where both words occur.
    def _read_data(self) -> None:
        self._data = self.block_data()

    def _read_ids(self) -> None:
        if self._data is None:
            self._read_data()
        self._ids, weights = read_ids_weights(self._data, self._blocklength)
        if self._weights is None:
            self._weights = _float_weights(weights)

    def _read_weights(self) -> None:
        if self._ids is None:
            self._read_ids()

    def _read_values(self) -> None:
        if self._data is None:
            self._read_data()
        fixed, values = self._fixedsize, read_values(self._data, self._blocklength)
        if fixed is None or fixed < 0:
            self._values = values
        elif fixed == 0:
            self._values = (None,) * self._blocklength
        else:
            self._values = tuple(values[i : i + fixed] for i in range(0, len(values), fixed))


class DatelineCodec(W3Codec):  # type: ignore[misc]
    """W3 with BlockPostingsWriter blocks; segments written by W3 itself still read as W3."""

    def field_writer(self, storage: Any, segment: Any) -> Any:
        return BlockFieldWriter(self, storage, segment)

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> Any:
        return BlockPostingsWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=byteids,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )

    def postings_reader(
        self, dbfile: Any, terminfo: Any, format_: Any, term: Any = None, scorer: Any = None
    ) -> Any:
        if terminfo.is_inlined():
            return super().postings_reader(dbfile, terminfo, format_, term=term, scorer=scorer)
        offset, length = terminfo.extent()
        return BlockLeafMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)


_INT_SIZE = 4
_INFO = struct.Struct("<IIfBB")
"""Block info: postings, last id, highest weight, shortest and longest field length."""
