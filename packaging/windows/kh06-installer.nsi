; KH06 Desktop: per-user Windows installer (NSIS 3, Unicode).
;
; - needs no administrator rights (RequestExecutionLevel user, everything under HKCU);
; - installs the PyInstaller bundle (dist\KH06) into %LOCALAPPDATA%\Programs\KH06;
; - Start-menu and desktop shortcuts for the current user;
; - .kh06 (data file) and .kh06r (the upper level's review, phiếu phản hồi) open with KH06.exe;
; - the uninstaller removes the program's own files only: the user's data in
;   %LOCALAPPDATA%\KH06Desktop (database, backups) is never touched.
;
; Build (see packaging\windows\README.md):
;   makensis /DVERSION=0.1.0 /DBUNDLE_DIR=C:\path\to\dist\KH06 /DOUT_FILE=C:\path\to\KH06-0.1.0-setup.exe kh06-installer.nsi
; On Linux makensis takes -D instead of /D. /DFAST stores the files uncompressed (CI's compile check).

Unicode true

!ifndef VERSION
  !define VERSION "0.1.0"
!endif
!ifndef BUNDLE_DIR
  !define BUNDLE_DIR "..\..\dist\KH06"
!endif
!ifndef OUT_FILE
  !define OUT_FILE "..\..\dist\KH06-${VERSION}-setup.exe"
!endif

!define APP_NAME "KH06 Desktop"
!define APP_KEY "KH06Desktop"
!define APP_EXE "KH06.exe"
!define CLI_EXE "kh06-cli.exe"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_KEY}"
; platformdirs.user_data_dir("KH06Desktop", appauthor=False) on Windows (kh06_desktop/paths.py)
!define DATA_DIR "$LOCALAPPDATA\KH06Desktop"

!ifdef FAST
  SetCompress off
!else
  SetCompressor /SOLID lzma
!endif

Name "${APP_NAME}"
OutFile "${OUT_FILE}"
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\KH06"
InstallDirRegKey HKCU "Software\${APP_KEY}" "InstallDir"
ShowInstDetails show
ShowUninstDetails show
BrandingText "${APP_NAME} ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=1066 "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=1066 "FileDescription" "Cài đặt ${APP_NAME}"
VIAddVersionKey /LANG=1066 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1066 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1066 "LegalCopyright" "MIT"

!include "MUI2.nsh"

!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "Mở ${APP_NAME} ngay"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "Vietnamese"

LangString DataFileType ${LANG_VIETNAMESE} "Tệp dữ liệu KH06"
LangString ReviewFileType ${LANG_VIETNAMESE} "Phiếu phản hồi KH06"
LangString DataKept ${LANG_VIETNAMESE} "Dữ liệu của bạn (cơ sở dữ liệu, các bản sao lưu) trong ${DATA_DIR} được giữ nguyên."

; The data folder must never become the program folder: the uninstaller deletes the program folder.
Function .onVerifyInstDir
  StrCmp "$INSTDIR" "${DATA_DIR}" 0 +2
    Abort
FunctionEnd

Function .onInit
  SetShellVarContext current
FunctionEnd

Function un.onInit
  SetShellVarContext current
FunctionEnd

!macro REGISTER_TYPE SUFFIX PROGID DESCRIPTION
  WriteRegStr HKCU "Software\Classes\${SUFFIX}" "" "${PROGID}"
  WriteRegStr HKCU "Software\Classes\${PROGID}" "" "${DESCRIPTION}"
  WriteRegStr HKCU "Software\Classes\${PROGID}\DefaultIcon" "" '"$INSTDIR\${APP_EXE}",0'
  WriteRegStr HKCU "Software\Classes\${PROGID}\shell\open\command" "" '"$INSTDIR\${APP_EXE}" "%1"'
  WriteRegStr HKCU "Software\Classes\${SUFFIX}\OpenWithProgids" "${PROGID}" ""
!macroend

!macro UNREGISTER_TYPE SUFFIX PROGID
  ; only when the suffix still points at this app (another program may have taken it since)
  ReadRegStr $0 HKCU "Software\Classes\${SUFFIX}" ""
  StrCmp $0 "${PROGID}" 0 +2
    DeleteRegKey HKCU "Software\Classes\${SUFFIX}"
  DeleteRegValue HKCU "Software\Classes\${SUFFIX}\OpenWithProgids" "${PROGID}"
  DeleteRegKey HKCU "Software\Classes\${PROGID}"
!macroend

Section "${APP_NAME}" SecMain
  SectionIn RO
  ; An upgrade replaces the program's libraries as a whole (never the user's data).
  RMDir /r "$INSTDIR\_internal"
  SetOutPath "$INSTDIR"
  File /r "${BUNDLE_DIR}\*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateDirectory "$SMPROGRAMS\${APP_NAME}"
  CreateShortCut "$SMPROGRAMS\${APP_NAME}\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}"
  CreateShortCut "$SMPROGRAMS\${APP_NAME}\Gỡ cài đặt ${APP_NAME}.lnk" "$INSTDIR\uninstall.exe"
  CreateShortCut "$DESKTOP\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}"

  !insertmacro REGISTER_TYPE ".kh06" "${APP_KEY}.DataFile" "$(DataFileType)"
  !insertmacro REGISTER_TYPE ".kh06r" "${APP_KEY}.ReviewFile" "$(ReviewFileType)"
  ; tell Explorer the associations changed (SHCNE_ASSOCCHANGED)
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'

  WriteRegStr HKCU "Software\${APP_KEY}" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "KH06"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" '"$INSTDIR\${APP_EXE}",0'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

; Removes exactly what the installer put in place. Never `RMDir /r "$INSTDIR"`: the user could have
; chosen a folder that holds other files, and the data folder is left alone in every case.
Section "Uninstall"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${APP_EXE}"
  Delete "$INSTDIR\${CLI_EXE}"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"  ; only if now empty

  Delete "$SMPROGRAMS\${APP_NAME}\${APP_NAME}.lnk"
  Delete "$SMPROGRAMS\${APP_NAME}\Gỡ cài đặt ${APP_NAME}.lnk"
  RMDir "$SMPROGRAMS\${APP_NAME}"
  Delete "$DESKTOP\${APP_NAME}.lnk"

  !insertmacro UNREGISTER_TYPE ".kh06" "${APP_KEY}.DataFile"
  !insertmacro UNREGISTER_TYPE ".kh06r" "${APP_KEY}.ReviewFile"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'

  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DeleteRegKey HKCU "Software\${APP_KEY}"
  DetailPrint "$(DataKept)"
SectionEnd
