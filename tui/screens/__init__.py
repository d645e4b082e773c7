"""Dateline's screens: one per module; modals are `ModalScreen[T]`."""
