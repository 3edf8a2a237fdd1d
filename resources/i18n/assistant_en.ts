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
        <source>The %n earliest exchange(s) were left out of what the model saw for this answer by the setting &quot;History sent to the model&quot; (this chat&apos;s Settings button); the system prompt is always kept. Raise it, or set it to &quot;All the model can read&quot;, to send more.</source>
        <translation>
            <numerusform>The earliest exchange was left out of what the model saw for this answer by the setting &quot;History sent to the model&quot; (this chat&apos;s Settings button); the system prompt is always kept. Raise it, or set it to &quot;All the model can read&quot;, to send more.</numerusform>
            <numerusform>The %n earliest exchanges were left out of what the model saw for this answer by the setting &quot;History sent to the model&quot; (this chat&apos;s Settings button); the system prompt is always kept. Raise it, or set it to &quot;All the model can read&quot;, to send more.</numerusform>
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
        <source>%n early exchange(s) were left out by the setting &quot;History sent to the model&quot; (this chat&apos;s Settings).</source>
        <translation>
            <numerusform>One early exchange was left out by the setting &quot;History sent to the model&quot; (this chat&apos;s Settings).</numerusform>
            <numerusform>%n early exchanges were left out by the setting &quot;History sent to the model&quot; (this chat&apos;s Settings).</numerusform>
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
    <name>ClassifyTab</name>
    <message numerus="yes">
        <source>%Ln file(s) to classify</source>
        <translation>
            <numerusform>%Ln file to classify</numerusform>
            <numerusform>%Ln files to classify</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>A classification of %Ln file(s) stopped before it finished ({done} done).</source>
        <translation>
            <numerusform>A classification of %Ln file stopped before it finished ({done} done).</numerusform>
            <numerusform>A classification of %Ln files stopped before it finished ({done} done).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln file(s) to classify (resumed)</source>
        <translation>
            <numerusform>%Ln file to classify (resumed)</numerusform>
            <numerusform>%Ln files to classify (resumed)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Learning from all the files changed the label of %n file(s).</source>
        <translation>
            <numerusform>Learning from all the files changed the label of %n file.</numerusform>
            <numerusform>Learning from all the files changed the label of %n files.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) could not be read; the table says why.</source>
        <translation>
            <numerusform>%n item could not be read; the table says why.</numerusform>
            <numerusform>%n items could not be read; the table says why.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) are unsure: check them and correct the label if needed.</source>
        <translation>
            <numerusform>%n file is unsure: check it and correct the label if needed.</numerusform>
            <numerusform>%n files are unsure: check them and correct the label if needed.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n example file(s) could not be read.</source>
        <translation>
            <numerusform>%n example file could not be read.</numerusform>
            <numerusform>%n example files could not be read.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n label(s) set from the suggestions. Check the table (a label can be corrected by double-clicking it), then organize.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Undone: %n file(s) are back where they were.</source>
        <translation>
            <numerusform>Undone: %n file is back where it was.</numerusform>
            <numerusform>Undone: %n files are back where they were.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n changed copy(ies) were kept.</source>
        <translation>
            <numerusform>%n changed copy was kept.</numerusform>
            <numerusform>%n changed copies were kept.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n could not be put back: %1. Fix that and undo again.</source>
        <translation>
            <numerusform>%n could not be put back: %1. Fix that and undo again.</numerusform>
            <numerusform>%n could not be put back: %1. Fix that and undo again.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) moved into label folders.</source>
        <translation>
            <numerusform>%n file moved into label folders.</numerusform>
            <numerusform>%n files moved into label folders.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) copied into label folders.</source>
        <translation>
            <numerusform>%n file copied into label folders.</numerusform>
            <numerusform>%n files copied into label folders.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) were left alone.</source>
        <translation>
            <numerusform>%n file was left alone.</numerusform>
            <numerusform>%n files were left alone.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) failed and stay where they were: %1.</source>
        <translation>
            <numerusform>%n file failed and stays where it was: %1.</numerusform>
            <numerusform>%n files failed and stay where they were: %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Put back the %n file(s) of the last organize run</source>
        <translation>
            <numerusform>Put back the %n file of the last organize run</numerusform>
            <numerusform>Put back the %n files of the last organize run</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Put back the %n file(s) of the last run?</source>
        <translation>
            <numerusform>Put back the %n file of the last run?</numerusform>
            <numerusform>Put back the %n files of the last run?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %n row(s) to {file}</source>
        <translation>
            <numerusform>Exported %n row to {file}</numerusform>
            <numerusform>Exported %n rows to {file}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ConversationList</name>
    <message numerus="yes">
        <source>The %n newest matches are shown. Show more</source>
        <translation>
            <numerusform>The newest match is shown. Show more</numerusform>
            <numerusform>The %n newest matches are shown. Show more</numerusform>
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
<context>
    <name>GlossaryDialog</name>
    <message numerus="yes">
        <source>%n term(s) added from {file}.</source>
        <translation>
            <numerusform>%n term added from {file}.</numerusform>
            <numerusform>%n terms added from {file}.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ModelsPage</name>
    <message numerus="yes">
        <source>%n model(s) found</source>
        <translation>
            <numerusform>%n model found</numerusform>
            <numerusform>%n models found</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PassageView</name>
    <message numerus="yes">
        <source>(%n passages scored)</source>
        <translation>
            <numerusform>(%n passage scored)</numerusform>
            <numerusform>(%n passages scored)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PreviewDialog</name>
    <message numerus="yes">
        <source>Move %n file(s)?</source>
        <translation>
            <numerusform>Move %n file?</numerusform>
            <numerusform>Move %n files?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Copy %n file(s)?</source>
        <translation>
            <numerusform>Copy %n file?</numerusform>
            <numerusform>Copy %n files?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) will be moved.</source>
        <translation>
            <numerusform>%n file will be moved.</numerusform>
            <numerusform>%n files will be moved.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) will be copied.</source>
        <translation>
            <numerusform>%n file will be copied.</numerusform>
            <numerusform>%n files will be copied.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) get a new name because the name is taken.</source>
        <translation>
            <numerusform>%n file gets a new name because its name is taken.</numerusform>
            <numerusform>%n files get new names because their names are taken.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) stay where they are.</source>
        <translation>
            <numerusform>%n file stays where it is.</numerusform>
            <numerusform>%n files stay where they are.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Move %n file(s)</source>
        <translation>
            <numerusform>Move %n file</numerusform>
            <numerusform>Move %n files</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Copy %n file(s)</source>
        <translation>
            <numerusform>Copy %n file</numerusform>
            <numerusform>Copy %n files</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SentimentTab</name>
    <message numerus="yes">
        <source>Exported %n row(s) to {file}.</source>
        <translation>
            <numerusform>Exported %n row to {file}.</numerusform>
            <numerusform>Exported %n rows to {file}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n line(s) scored (column &apos;{column}&apos;).</source>
        <translation>
            <numerusform>%n line scored (column &apos;{column}&apos;).</numerusform>
            <numerusform>%n lines scored (column &apos;{column}&apos;).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n line(s) scored.</source>
        <translation>
            <numerusform>%n line scored.</numerusform>
            <numerusform>%n lines scored.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Overall: the %n sentences&apos; scores averaged, each weighted by its length.</source>
        <translation>
            <numerusform>Overall: the score of the %n sentence, weighted by its length.</numerusform>
            <numerusform>Overall: the %n sentences&apos; scores averaged, each weighted by its length.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SuggestionsDialog</name>
    <message numerus="yes">
        <source>%n group(s) of similar files, each named by the words that set it apart. Rename a label by double-clicking it, merge groups that are one thing to you, remove those you do not want (their files stay unsorted). Nothing is moved until you organize.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
</TS>
