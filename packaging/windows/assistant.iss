; Inno Setup 6.3+ script for Local Assistant (Windows, x64; 6.3 for "x64compatible").
;
; Packages the PyInstaller one-folder bundle dist\assistant\ (see
; packaging\pyinstaller\assistant.spec) into dist\installer\LocalAssistant-<version>-setup.exe.
;
;   pyinstaller --noconfirm --clean packaging\pyinstaller\assistant.spec
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" packaging\windows\assistant.iss
;   (ISCC /DMyAppVersion=0.2.0 ... to override the version)
;
; Paths below are relative to this file (Inno Setup resolves them from SourcePath).

#ifndef MyAppVersion
  #define MyAppVersion "0.1.0"
#endif
#define MyAppName "Local Assistant"
#define MyAppPublisher "Local Assistant developers"
#define MyAppId "org.localassistant.Assistant"
#define MyAppExeName "assistant-gui.exe"
#define MyCliExeName "assistant.exe"
#define DistDir "..\..\dist\assistant"
#define RepoRoot "..\.."

[Setup]
; The AppId identifies the program for upgrades and uninstall: never change it.
; ("{{" escapes the opening brace.)
AppId={{4A125983-670A-4710-A62E-964E57BCB345}
AppName={#MyAppName}
AppVersion={#MyAppVersion}
AppVerName={#MyAppName} {#MyAppVersion}
AppPublisher={#MyAppPublisher}
AppCopyright=Licensed under the Apache License, Version 2.0
VersionInfoVersion={#MyAppVersion}
VersionInfoDescription={#MyAppName} installer
DefaultDirName={autopf}\{#MyAppName}
DefaultGroupName={#MyAppName}
DisableProgramGroupPage=yes
; Per-user install by default (no administrator rights needed); the user may choose all users.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
; The project license (Apache-2.0), shown on the license page, if the repository has it.
#if FileExists(AddBackslash(SourcePath) + RepoRoot + "\LICENSE")
LicenseFile={#RepoRoot}\LICENSE
#endif
SetupIconFile={#RepoRoot}\resources\icons\assistant.ico
UninstallDisplayIcon={app}\{#MyAppExeName}
UninstallDisplayName={#MyAppName}
OutputDir={#RepoRoot}\dist\installer
OutputBaseFilename=LocalAssistant-{#MyAppVersion}-setup
; torch makes the bundle large: lzma2 solid compression keeps the download small but
; compiling takes minutes.
Compression=lzma2/max
SolidCompression=yes
LZMAUseSeparateProcess=yes
WizardStyle=modern
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole one-folder bundle: assistant-gui.exe (window), assistant.exe (command line), _internal\.
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
#if FileExists(AddBackslash(SourcePath) + RepoRoot + "\LICENSE")
Source: "{#RepoRoot}\LICENSE"; DestDir: "{app}"; DestName: "LICENSE.txt"; Flags: ignoreversion
#endif

[Icons]
; Start menu: the program and its uninstaller, in a "Local Assistant" folder.
Name: "{group}\{#MyAppName}"; Filename: "{app}\{#MyAppExeName}"; WorkingDir: "{app}"; Comment: "Chat, translate and classify with local AI models"
Name: "{group}\{cm:UninstallProgram,{#MyAppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#MyAppName}"; Filename: "{app}\{#MyAppExeName}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#MyAppExeName}"; Description: "{cm:LaunchProgram,{#StringChange(MyAppName, '&', '&&')}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only what the installer put in {app}. The user's chats, settings and converted models
; live in %LOCALAPPDATA%\local-assistant (appdirs) and are deliberately kept.
Type: dirifempty; Name: "{app}"
