; Giám sát: installer for one Windows user, without administrator rights.
; Built by `make windows` with Debian's makensis:
;   makensis -DVERSION=0.1.0 -DDIR=dist/giamsat -DOUT=dist/giamsat-setup.exe assets/windows/installer.nsi
; DIR is the program's folder as installed: giamsat.exe, and mesa\ (Mesa's
; software OpenGL, loaded only where the PC's own cannot draw, with the
; licences of Mesa and zlib).
; 64-bit, like the program: it runs where the program runs (and under wine64).
Target amd64-unicode
SetCompressor /SOLID lzma

!ifndef VERSION
  !define VERSION "0.0.0"
!endif
!ifndef DIR
  !define DIR "..\..\dist\giamsat"
!endif
!ifndef OUT
  !define OUT "..\..\dist\giamsat-setup.exe"
!endif

!define APPNAME "Giám sát"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\GiamSat"

Name "${APPNAME}"
OutFile "${OUT}"
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\GiamSat"
InstallDirRegKey HKCU "Software\GiamSat" "InstallDir"
VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=1066 "ProductName" "${APPNAME}"
VIAddVersionKey /LANG=1066 "FileDescription" "Cài đặt ${APPNAME}"
VIAddVersionKey /LANG=1066 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1066 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1066 "LegalCopyright" "Giám sát"

!include "MUI2.nsh"
!define MUI_ICON "icon.ico"
!define MUI_UNICON "icon.ico"
!define MUI_FINISHPAGE_RUN "$INSTDIR\giamsat.exe"
!define MUI_FINISHPAGE_RUN_TEXT "Mở Giám sát"

!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "Vietnamese"
!insertmacro MUI_LANGUAGE "English"

Section "Giám sát" SecMain
  SectionIn RO
  SetOutPath "$INSTDIR"
  File "${DIR}\giamsat.exe"
  SetOutPath "$INSTDIR\mesa"
  File "${DIR}\mesa\opengl32.dll"
  File "${DIR}\mesa\libgallium_wgl.dll"
  File "${DIR}\mesa\libglapi.dll"
  File "${DIR}\mesa\zlib1.dll"
  File "${DIR}\mesa\LICENSE-mesa.txt"
  File "${DIR}\mesa\LICENSE-zlib.txt"
  File "${DIR}\mesa\SOURCE.txt"
  SetOutPath "$INSTDIR"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateShortCut "$SMPROGRAMS\${APPNAME}.lnk" "$INSTDIR\giamsat.exe"
  ; For a PC whose graphics draw the window wrongly: Mesa draws it.
  CreateShortCut "$SMPROGRAMS\${APPNAME} (vẽ bằng phần mềm).lnk" "$INSTDIR\giamsat.exe" "-software-gl"
  CreateShortCut "$DESKTOP\${APPNAME}.lnk" "$INSTDIR\giamsat.exe"
  WriteRegStr HKCU "Software\GiamSat" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayName" "${APPNAME}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\giamsat.exe"
  WriteRegStr HKCU "${UNINSTKEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoRepair" 1
SectionEnd

Section "un.Gỡ chương trình" UnSecMain
  SectionIn RO
  Delete "$SMPROGRAMS\${APPNAME}.lnk"
  Delete "$SMPROGRAMS\${APPNAME} (vẽ bằng phần mềm).lnk"
  Delete "$DESKTOP\${APPNAME}.lnk"
  Delete "$INSTDIR\giamsat.exe"
  Delete "$INSTDIR\mesa\opengl32.dll"
  Delete "$INSTDIR\mesa\libgallium_wgl.dll"
  Delete "$INSTDIR\mesa\libglapi.dll"
  Delete "$INSTDIR\mesa\zlib1.dll"
  Delete "$INSTDIR\mesa\LICENSE-mesa.txt"
  Delete "$INSTDIR\mesa\LICENSE-zlib.txt"
  Delete "$INSTDIR\mesa\SOURCE.txt"
  RMDir "$INSTDIR\mesa"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTKEY}"
  DeleteRegKey HKCU "Software\GiamSat"
SectionEnd

; Off unless the user ticks it: the data stays for a later install.
Section /o "un.Xóa cả dữ liệu đã nhập (%AppData%\GiamSat)" UnSecData
  RMDir /r "$APPDATA\GiamSat"
SectionEnd
