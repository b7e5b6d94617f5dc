"""Vietnamese for the texts Qt draws itself: standard buttons (OK, Hủy, Có, Không…), the wizard's
Back/Next/Finish, message box details, the edit context menu, the file dialog, and the calendar.

The PySide6 wheel ships no qtbase_vi.qm, so a small translator answers Qt's own tr() calls from a
table. If a qtbase_vi.qm is ever found in Qt's translations folder it is loaded first and this
table only fills what it leaves out. The locale is set to Vietnamese so month and day names in
date pop-ups and QLocale number formatting follow Vietnamese use (1.234.567).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

# Qt source text → Vietnamese, shared by every context below. Only texts Qt shows in this app.
_BUTTONS = {
    "OK": "Đồng ý", "&OK": "&Đồng ý", "Save": "Lưu", "&Save": "&Lưu", "Save All": "Lưu tất cả",
    "Open": "Mở", "&Open": "&Mở", "&Yes": "&Có", "Yes": "Có", "Yes to &All": "Có với &tất cả",
    "&No": "&Không", "No": "Không", "N&o to All": "K&hông với tất cả", "Abort": "Dừng",
    "Retry": "Thử lại", "Ignore": "Bỏ qua", "Close": "Đóng", "&Close": "Đó&ng", "Cancel": "Hủy",
    "&Cancel": "&Hủy", "Discard": "Bỏ thay đổi", "Don't Save": "Không lưu", "Close without Saving":
    "Đóng, không lưu", "Help": "Trợ giúp", "&Help": "Trợ &giúp", "Apply": "Áp dụng",
    "Reset": "Đặt lại", "Restore Defaults": "Khôi phục mặc định",
}
_WIZARD = {
    "< &Back": "< &Quay lại", "&Next >": "&Tiếp theo >", "&Finish": "&Hoàn tất", "Cancel": "Hủy",
    "&Help": "Trợ &giúp", "Commit": "Xác nhận", "Done": "Xong", "Continue": "Tiếp tục",
    "Go Back": "Quay lại", "Back": "Quay lại", "Next": "Tiếp theo", "Finish": "Hoàn tất",
}
_MESSAGE_BOX = {
    "Show Details...": "Hiện chi tiết…", "Hide Details...": "Ẩn chi tiết…", "OK": "Đồng ý",
    "About Qt": "Giới thiệu Qt",
}
_EDIT_MENU = {
    "&Undo": "&Hoàn tác", "&Redo": "&Làm lại", "Cu&t": "&Cắt", "&Copy": "&Sao chép", "&Paste": "&Dán",
    "Delete": "&Xóa", "Select All": "Chọn tất cả", "&Select All": "Chọn &tất cả",
    "Copy &Link Location": "Sao chép địa chỉ &liên kết", "&Step up": "&Tăng", "Step &down": "&Giảm",
}
_FILE_DIALOG = {
    "Look in:": "Tìm trong:", "&Look in:": "&Tìm trong:", "File &name:": "&Tên tệp:",
    "Files of type:": "Loại tệp:", "Files of &type:": "&Loại tệp:",
    "&Open": "&Mở", "&Save": "&Lưu", "&Choose": "&Chọn", "Cancel": "Hủy", "Open": "Mở", "Save As": "Lưu thành",
    "Back": "Quay lại", "Forward": "Tiến tới", "Parent Directory": "Thư mục cha",
    "Create New Folder": "Tạo thư mục mới", "New Folder": "Thư mục mới", "&New Folder": "Thư mục &mới",
    "List View": "Dạng danh sách", "Detail View": "Dạng chi tiết", "All Files (*)": "Mọi tệp (*)",
    "Directories": "Thư mục", "Directory:": "Thư mục:", "Find Directory": "Chọn thư mục",
    "Recent Places": "Nơi mở gần đây", "My Computer": "Máy tính", "Computer": "Máy tính",
    "Show &hidden files": "Hiện tệp &ẩn", "&Delete": "&Xóa", "&Rename": "Đổi &tên",
    "Name": "Tên", "Size": "Cỡ", "Type": "Loại", "Kind": "Loại", "Date Modified": "Ngày sửa",
    "Go back": "Quay lại", "Go forward": "Tiến tới", "Go to the parent directory": "Lên thư mục cha",
    "Create a New Folder": "Tạo thư mục mới", "Change to list view mode": "Xem dạng danh sách",
    "Change to detail view mode": "Xem dạng chi tiết", "Sidebar": "Thanh bên", "File": "Tệp",
    "Folder": "Thư mục", "Drive": "Ổ đĩa", "Unknown": "Không rõ", "File Folder": "Thư mục", "%1 File": "Tệp %1",
    "%1 already exists.\nDo you want to replace it?": "%1 đã có.\nGhi đè lên tệp này?",
    "%1\nFile not found.\nPlease verify the correct file name was given.":
        "%1\nKhông tìm thấy tệp.\nHãy kiểm tra lại tên tệp.",
    "%1\nDirectory not found.\nPlease verify the correct directory name was given.":
        "%1\nKhông tìm thấy thư mục.\nHãy kiểm tra lại tên thư mục.",
    "Are you sure you want to delete '%1'?": "Xóa «%1»?",
}
# The file dialog's «Loại» column and its sidebar name files and folders through the icon provider.
_FILE_TYPES = {
    "Folder": "Thư mục", "File Folder": "Thư mục", "Drive": "Ổ đĩa", "File": "Tệp", "%1 File": "Tệp %1",
    "Alias": "Lối tắt", "Shortcut": "Lối tắt", "Unknown": "Không rõ",
}
_CALENDAR = {"Previous Month": "Tháng trước", "Next Month": "Tháng sau", "Today": "Hôm nay"}
_SCROLL = {
    "Scroll here": "Cuộn tới đây", "Left edge": "Mép trái", "Top": "Đầu", "Right edge": "Mép phải",
    "Bottom": "Cuối", "Page left": "Sang trái một trang", "Page up": "Lên một trang",
    "Page right": "Sang phải một trang", "Page down": "Xuống một trang", "Scroll left": "Cuộn trái",
    "Scroll up": "Cuộn lên", "Scroll right": "Cuộn phải", "Scroll down": "Cuộn xuống",
}
_PROGRESS = {"Cancel": "Hủy"}

TABLE: dict[str, dict[str, str]] = {
    "QPlatformTheme": _BUTTONS, "QGnomeTheme": _BUTTONS, "QDialogButtonBox": _BUTTONS,
    "QWizard": _WIZARD, "QMessageBox": _MESSAGE_BOX,
    "QLineEdit": _EDIT_MENU, "QWidgetTextControl": _EDIT_MENU, "QAbstractSpinBox": _EDIT_MENU,
    "QFileDialog": _FILE_DIALOG, "QFileSystemModel": _FILE_DIALOG, "QFileDialogTreeView": _FILE_DIALOG,
    "QSideBar": _FILE_DIALOG, "QCalendarWidget": _CALENDAR, "QScrollBar": _SCROLL,
    "QProgressDialog": _PROGRESS, "QInputDialog": _BUTTONS,
    "QAbstractFileIconProvider": _FILE_TYPES, "QFileIconProvider": _FILE_TYPES,
}


class VietnameseQtTranslator(QTranslator):
    """Answers Qt's own texts from TABLE; None (not translated) for anything else."""

    def translate(self, context: str, source_text: str, disambiguation: str | None = None,  # noqa: D102
                  n: int = -1) -> str | None:
        texts = TABLE.get(context)
        return texts.get(source_text) if texts else None

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return False


VIETNAMESE = QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam)
_installed: list[QTranslator] = []


def install_vietnamese(app: QCoreApplication) -> None:
    """Load Qt's Vietnamese (a .qm when available, then our table) and the Vietnamese locale. Idempotent."""
    QLocale.setDefault(VIETNAMESE)
    if _installed:
        return
    qm = QTranslator(app)
    if qm.load(VIETNAMESE, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qm)
        _installed.append(qm)
    table = VietnameseQtTranslator(app)
    # Installed last, so asked first: our wording wins over a .qm's ("Hủy" rather than "Thôi").
    app.installTranslator(table)
    _installed.append(table)
