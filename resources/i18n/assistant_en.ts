<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>ChatTab</name>
    <message numerus="yes">
        <source>Edited question: it replaced the earlier version and %n later message(s).</source>
        <translation>
            <numerusform>Edited question: it replaced the earlier version and %n later message.</numerusform>
            <numerusform>Edited question: it replaced the earlier version and %n later messages.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>This conversation is longer than the model can read: the %n earliest exchange(s) were left out of what it saw for this answer (the system prompt is always kept). Start a new chat for a fresh context.</source>
        <translation>
            <numerusform>This conversation is longer than the model can read: the earliest exchange was left out of what it saw for this answer (the system prompt is always kept). Start a new chat for a fresh context.</numerusform>
            <numerusform>This conversation is longer than the model can read: the %n earliest exchanges were left out of what it saw for this answer (the system prompt is always kept). Start a new chat for a fresh context.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n early exchange(s) were left out to fit what the model can read.</source>
        <translation>
            <numerusform>%n early exchange was left out to fit what the model can read.</numerusform>
            <numerusform>%n early exchanges were left out to fit what the model can read.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s)</source>
        <translation>
            <numerusform>%n file</numerusform>
            <numerusform>%n files</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n passage(s)</source>
        <translation>
            <numerusform>%n passage</numerusform>
            <numerusform>%n passages</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>(and %n more)</source>
        <translation>
            <numerusform>(and %n more)</numerusform>
            <numerusform>(and %n more)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n document(s) could not be read: {reasons}{more}.</source>
        <translation>
            <numerusform>%n document could not be read: {reasons}{more}.</numerusform>
            <numerusform>%n documents could not be read: {reasons}{more}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Editing an earlier question: sending replaces it and the %n message(s) after it (they stay in the history file, hidden).</source>
        <translation>
            <numerusform>Editing an earlier question: sending replaces it and the %n message after it (it stays in the history file, hidden).</numerusform>
            <numerusform>Editing an earlier question: sending replaces it and the %n messages after it (they stay in the history file, hidden).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Imported %n message(s)</source>
        <translation>
            <numerusform>Imported %n message</numerusform>
            <numerusform>Imported %n messages</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DocumentsBar</name>
    <message numerus="yes">
        <source>Answering from %n attached item(s): {names}</source>
        <translation>
            <numerusform>Answering from %n attached item: {names}</numerusform>
            <numerusform>Answering from %n attached items: {names}</numerusform>
        </translation>
    </message>
</context>
</TS>
