"""Non-blocking file dialogs: they open with ``open()`` and report through a callback.

A blocking ``exec()`` would nest a Qt event loop inside whatever asyncio task is running
under qasync; these dialogs leave the loop alone, so messages keep arriving while they
are open.
"""

from __future__ import annotations

from collections.abc import Callable

from PyQt6.QtWidgets import QFileDialog, QMessageBox, QWidget

SESSION_FILTER = "wsdesk sessions (*.jsonl);;All files (*)"


def _dialog(
    parent: QWidget, title: str, name: str, on_chosen: Callable[[str], object]
) -> QFileDialog:
    dialog = QFileDialog(parent, title)
    dialog.setObjectName(name)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.fileSelected.connect(on_chosen)
    dialog.finished.connect(dialog.deleteLater)
    return dialog


def ask_open_path(
    parent: QWidget, title: str, on_chosen: Callable[[str], object], name_filter: str = ""
) -> QFileDialog:
    """Open a window-modal "open file" dialog; ``on_chosen(path)`` runs if one is chosen."""
    dialog = _dialog(parent, title, "openFileDialog", on_chosen)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    if name_filter:
        dialog.setNameFilter(name_filter)
    dialog.open()
    return dialog


def ask_save_path(
    parent: QWidget,
    title: str,
    on_chosen: Callable[[str], object],
    name_filter: str = "",
    suggested: str = "",
) -> QFileDialog:
    """Open a window-modal "save file" dialog; ``on_chosen(path)`` runs if one is chosen."""
    dialog = _dialog(parent, title, "saveFileDialog", on_chosen)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    if name_filter:
        dialog.setNameFilter(name_filter)
    if suggested:
        dialog.selectFile(suggested)
    dialog.open()
    return dialog


def show_problem(parent: QWidget, title: str, text: str) -> QMessageBox:
    """Show ``text`` in a window-modal warning box that does not block the event loop."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("problemBox")
    box.finished.connect(box.deleteLater)
    box.open()
    return box


def ask_confirmation(
    parent: QWidget, title: str, text: str, on_yes: Callable[[], object]
) -> QMessageBox:
    """Ask Yes or Cancel (Cancel the default) in a box that does not block the event loop;
    ``on_yes()`` runs only for Yes. For destructive actions."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        parent,
    )
    box.setObjectName("confirmDeleteBox")
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    yes = box.button(QMessageBox.StandardButton.Yes)
    box.buttonClicked.connect(lambda button: on_yes() if button is yes else None)
    box.finished.connect(box.deleteLater)
    box.open()
    return box
