"""Qt user interface: main window, one page per area, dialogs loaded from forms/*.ui."""
