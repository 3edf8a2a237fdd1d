<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About {name}</source>
        <translation>关于 {name}</translation>
    </message>
    <message>
        <source>Chat, translation, sentiment analysis and classification with models that run on this computer. Nothing you type leaves it.</source>
        <translation>用在这台电脑上运行的模型进行聊天、翻译、情感分析和分类。你输入的任何内容都不会离开这台电脑。</translation>
    </message>
    <message>
        <source>Versions and models in use</source>
        <translation>版本与正在使用的模型</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>Copy this text to the clipboard, for example for a bug report</source>
        <translation>将这段文字复制到剪贴板，例如用于报告问题</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Versions</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>{name}: not installed</source>
        <translation>{name}：未安装</translation>
    </message>
    <message>
        <source>Operating system: {system}</source>
        <translation>操作系统：{system}</translation>
    </message>
    <message>
        <source>Device: {device}</source>
        <translation>设备：{device}</translation>
    </message>
    <message>
        <source>not known yet</source>
        <translation>尚未确定</translation>
    </message>
    <message>
        <source>Models in memory</source>
        <translation>内存中的模型</translation>
    </message>
    <message>
        <source>Model used by each tab</source>
        <translation>各标签页使用的模型</translation>
    </message>
    <message>
        <source>{model} (automatic choice)</source>
        <translation>{model}（自动选择）</translation>
    </message>
    <message>
        <source>{tab}: {model}</source>
        <translation>{tab}：{model}</translation>
    </message>
    <message>
        <source>Copied to the clipboard.</source>
        <translation>已复制到剪贴板。</translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <source>Dismiss message</source>
        <translation>关闭消息</translation>
    </message>
</context>
<context>
    <name>ChatSettingsPanel</name>
    <message>
        <source>This chat&apos;s settings</source>
        <translation>本对话的设置</translation>
    </message>
    <message>
        <source>How the assistant should answer (optional)</source>
        <translation>助手应如何回答（可选）</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>系统提示词</translation>
    </message>
    <message>
        <source>The model that answers in this chat</source>
        <translation>在本对话中回答的模型</translation>
    </message>
    <message>
        <source>0 = always the most likely word (repeatable); higher = more varied</source>
        <translation>0 = 总是选择最可能的词（结果可重复）；越高回答越多样</translation>
    </message>
    <message>
        <source>Sample only from the most likely words that together reach this probability</source>
        <translation>只从累计概率达到此值的最可能的词中采样</translation>
    </message>
    <message>
        <source> tokens</source>
        <translation> 个词元</translation>
    </message>
    <message>
        <source>The longest answer the model may write, in tokens</source>
        <translation>模型最多可写出的回答长度，以词元计</translation>
    </message>
    <message>
        <source>1 = off; 1.1-1.3 stops small models repeating themselves</source>
        <translation>1 = 关闭；1.1-1.3 可防止小模型不断重复</translation>
    </message>
    <message>
        <source>random</source>
        <translation>随机</translation>
    </message>
    <message>
        <source>With a seed, the same question and settings give the same sampled answer</source>
        <translation>设定种子后，相同的问题和设置会得到相同的采样回答</translation>
    </message>
    <message>
        <source>Reset to defaults</source>
        <translation>恢复默认值</translation>
    </message>
    <message>
        <source>Go back to the default system prompt, model and generation settings</source>
        <translation>恢复默认的系统提示词、模型和生成设置</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <source>Longest answer</source>
        <translation>最长回答</translation>
    </message>
    <message>
        <source>Repetition penalty</source>
        <translation>重复惩罚</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <source>Default (the Models page choice)</source>
        <translation>默认（“模型”页面中的选择）</translation>
    </message>
    <message>
        <source>{model} (not found)</source>
        <translation>{model}（未找到）</translation>
    </message>
</context>
<context>
    <name>ChatTab</name>
    <message>
        <source>Markdown (*.md)</source>
        <translation>Markdown 文件 (*.md)</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON 文件 (*.json)</translation>
    </message>
    <message>
        <source>Web page (*.html)</source>
        <translation>网页 (*.html)</translation>
    </message>
    <message>
        <source>starter</source>
        <translation>入门模型</translation>
    </message>
    <message>
        <source>models folder</source>
        <translation>模型文件夹</translation>
    </message>
    <message>
        <source>added</source>
        <translation>已添加</translation>
    </message>
    <message>
        <source>Hugging Face cache</source>
        <translation>Hugging Face 缓存</translation>
    </message>
    <message>
        <source>Markdown…</source>
        <translation>Markdown 文件…</translation>
    </message>
    <message>
        <source>JSON (can be imported again)…</source>
        <translation>JSON（可再次导入）…</translation>
    </message>
    <message>
        <source>Web page (HTML)…</source>
        <translation>网页 (HTML)…</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Chats cannot be saved ({error}); this session&apos;s conversations will be lost when the program closes.</source>
        <translation>无法保存聊天（{error}）；程序关闭后，本次运行中的对话将会丢失。</translation>
    </message>
    <message>
        <source>Ask a question below. Answers come from a model running on this computer.</source>
        <translation>请在下方提问。回答来自在这台电脑上运行的模型。</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>This chat&apos;s system prompt, model and generation settings</source>
        <translation>本对话的系统提示词、模型和生成设置</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Save this conversation as a file (Ctrl+E)</source>
        <translation>将此对话保存为文件 (Ctrl+E)</translation>
    </message>
    <message>
        <source>Cancel edit</source>
        <translation>取消编辑</translation>
    </message>
    <message>
        <source>Keep the earlier question as it was (Esc)</source>
        <translation>保留先前的问题不变 (Esc)</translation>
    </message>
    <message>
        <source>Type a question — Ctrl+Enter to send</source>
        <translation>输入问题 — 按 Ctrl+Enter 发送</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <source>Answer the last question again (Ctrl+R)</source>
        <translation>重新回答最后一个问题 (Ctrl+R)</translation>
    </message>
    <message>
        <source>Copy chat</source>
        <translation>复制聊天</translation>
    </message>
    <message>
        <source>Copy the whole conversation as Markdown (Ctrl+Shift+C)</source>
        <translation>以 Markdown 格式复制整个对话 (Ctrl+Shift+C)</translation>
    </message>
    <message>
        <source>{model} ({source})</source>
        <translation>{model}（{source}）</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>新聊天</translation>
    </message>
    <message>
        <source>Deleted “{title}”.</source>
        <translation>已删除“{title}”。</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Type a question first.</source>
        <translation>请先输入问题。</translation>
    </message>
    <message numerus="yes">
        <source>Edited question: it replaced the earlier version and %n later message(s).</source>
        <translation>
            <numerusform>已编辑的问题：它替换了先前的版本及其后的 %n 条消息。</numerusform>
        </translation>
    </message>
    <message>
        <source>Regenerated: this answer replaced the previous one.</source>
        <translation>已重新生成：此回答替换了之前的回答。</translation>
    </message>
    <message numerus="yes">
        <source>This conversation is longer than the model can read: the %n earliest exchange(s) were left out of what it saw for this answer (the system prompt is always kept). Start a new chat for a fresh context.</source>
        <translation>
            <numerusform>此对话超出了模型能读取的长度：生成此回答时，最早的 %n 轮问答没有交给模型（系统提示词始终保留）。开始新聊天可获得全新的上下文。</numerusform>
        </translation>
    </message>
    <message>
        <source>Exact span from source [{number}], score {score}.</source>
        <translation>摘自来源 [{number}] 的原文片段，得分 {score}。</translation>
    </message>
    <message numerus="yes">
        <source>%n early exchange(s) were left out to fit what the model can read.</source>
        <translation>
            <numerusform>为适应模型能读取的长度，省略了最早的 %n 轮问答。</numerusform>
        </translation>
    </message>
    <message>
        <source>The conversation could not be saved: {error}. Free some disk space; the window keeps working.</source>
        <translation>无法保存对话：{error}。请释放一些磁盘空间；窗口仍可继续使用。</translation>
    </message>
    <message>
        <source>The documents are read before the next answer.</source>
        <translation>将在下一次回答之前读取文档。</translation>
    </message>
    <message>
        <source>Documents ready: {files}, {passages}; {indexed} read now, {unchanged} unchanged</source>
        <translation>文档已就绪：{files}，{passages}；本次读取 {indexed} 个，{unchanged} 个未更改</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s)</source>
        <translation>
            <numerusform>%n 个文件</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n passage(s)</source>
        <translation>
            <numerusform>%n 个段落</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>(and %n more)</source>
        <translation>
            <numerusform>（另有 %n 个）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n document(s) could not be read: {reasons}{more}.</source>
        <translation>
            <numerusform>有 %n 个文档无法读取：{reasons}{more}。</numerusform>
        </translation>
    </message>
    <message>
        <source>Message copied</source>
        <translation>已复制消息</translation>
    </message>
    <message numerus="yes">
        <source>Editing an earlier question: sending replaces it and the %n message(s) after it (they stay in the history file, hidden).</source>
        <translation>
            <numerusform>正在编辑先前的问题：发送后将替换它及其后的 %n 条消息（这些消息仍保留在历史文件中，但不再显示）。</numerusform>
        </translation>
    </message>
    <message>
        <source>{location}, passage {number}</source>
        <translation>{location}，第 {number} 段</translation>
    </message>
    <message>
        <source>Passage {number}</source>
        <translation>第 {number} 段</translation>
    </message>
    <message>
        <source>Source [{number}]</source>
        <translation>来源 [{number}]</translation>
    </message>
    <message>
        <source>Open file</source>
        <translation>打开文件</translation>
    </message>
    <message>
        <source>Conversation copied</source>
        <translation>已复制对话</translation>
    </message>
    <message>
        <source>The conversation could not be exported to {path}: {error}</source>
        <translation>无法将对话导出到 {path}：{error}</translation>
    </message>
    <message>
        <source>Exported to {path}</source>
        <translation>已导出到 {path}</translation>
    </message>
    <message>
        <source>Export conversation</source>
        <translation>导出对话</translation>
    </message>
    <message>
        <source>{path} cannot be read: {error}</source>
        <translation>无法读取 {path}：{error}</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n message(s)</source>
        <translation>
            <numerusform>已导入 %n 条消息</numerusform>
        </translation>
    </message>
    <message>
        <source>Import a conversation</source>
        <translation>导入对话</translation>
    </message>
    <message>
        <source>Exported conversations (*.json *.html *.md);;All files (*)</source>
        <translation>导出的对话 (*.json *.html *.md);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>ConversationList</name>
    <message>
        <source>New chat</source>
        <translation>新聊天</translation>
    </message>
    <message>
        <source>Search all chats (Ctrl+F)</source>
        <translation>搜索所有聊天 (Ctrl+F)</translation>
    </message>
    <message>
        <source>Search conversations</source>
        <translation>搜索对话</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>对话列表</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>Start a new conversation (Ctrl+N)</source>
        <translation>开始新对话 (Ctrl+N)</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <source>Rename the selected conversation (F2)</source>
        <translation>重命名所选对话 (F2)</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Delete the selected conversation (Del); you can undo it for a few seconds</source>
        <translation>删除所选对话 (Del)；几秒钟内可以撤销</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Add a conversation from an exported JSON, HTML or Markdown file</source>
        <translation>从导出的 JSON、HTML 或 Markdown 文件添加对话</translation>
    </message>
</context>
<context>
    <name>DistributionChart</name>
    <message>
        <source>Distribution of labels</source>
        <translation>标签分布</translation>
    </message>
    <message>
        <source>The distribution of labels appears here.</source>
        <translation>标签分布将显示在这里。</translation>
    </message>
</context>
<context>
    <name>DocumentsBar</name>
    <message>
        <source>Attach files…</source>
        <translation>附加文件…</translation>
    </message>
    <message>
        <source>Ask questions about your documents: text, Markdown, HTML, PDF, Word (Ctrl+O, or drop them here)</source>
        <translation>就你的文档提问：纯文本、Markdown、HTML、PDF、DOCX（Ctrl+O，或拖放到这里）</translation>
    </message>
    <message>
        <source>Attach folder…</source>
        <translation>附加文件夹…</translation>
    </message>
    <message>
        <source>Ask questions about every document in a folder</source>
        <translation>就一个文件夹中的所有文档提问</translation>
    </message>
    <message>
        <source>Update index</source>
        <translation>更新索引</translation>
    </message>
    <message>
        <source>Read the attached documents again where they changed</source>
        <translation>重新读取有改动的附加文档</translation>
    </message>
    <message>
        <source>Detach</source>
        <translation>取消附加</translation>
    </message>
    <message>
        <source>Stop using the attached documents in this chat (they are not deleted)</source>
        <translation>在本对话中不再使用附加的文档（文档本身不会被删除）</translation>
    </message>
    <message>
        <source>Who answers questions about the documents</source>
        <translation>由谁回答关于文档的问题</translation>
    </message>
    <message>
        <source>No documents attached</source>
        <translation>未附加文档</translation>
    </message>
    <message numerus="yes">
        <source>Answering from %n attached item(s): {names}</source>
        <translation>
            <numerusform>根据 %n 个附加项回答：{names}</numerusform>
        </translation>
    </message>
    <message>
        <source>Answer with the chat model</source>
        <translation>由聊天模型回答</translation>
    </message>
    <message>
        <source>Exact span: {model}</source>
        <translation>原文片段：{model}</translation>
    </message>
    <message>
        <source>Show the best passages only</source>
        <translation>只显示最相关的段落</translation>
    </message>
    <message>
        <source>Documents ({patterns});;All files (*)</source>
        <translation>文档 ({patterns});;所有文件 (*)</translation>
    </message>
    <message>
        <source>Attach documents</source>
        <translation>附加文档</translation>
    </message>
    <message>
        <source>Attach a folder of documents</source>
        <translation>附加文档文件夹</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;Chat / Q&amp;&amp;A</source>
        <translation>聊天 / 问答(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Translate</source>
        <translation>翻译(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Sentiment</source>
        <translation>情感分析(&amp;S)</translation>
    </message>
    <message>
        <source>C&amp;lassify</source>
        <translation>分类(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Models</source>
        <translation>模型(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>转到(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;About {name}</source>
        <translation>关于 {name}(&amp;A)</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>Needs a restart</source>
        <translation>需要重新启动</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Speed of the last job</source>
        <translation>上次任务的速度</translation>
    </message>
    <message>
        <source>Models in memory</source>
        <translation>内存中的模型</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>聊天</translation>
    </message>
    <message>
        <source>Translate</source>
        <translation>翻译</translation>
    </message>
    <message>
        <source>Sentiment</source>
        <translation>情感分析</translation>
    </message>
    <message>
        <source>Classify</source>
        <translation>分类</translation>
    </message>
    <message>
        <source>The interface language changes at the next start.</source>
        <translation>界面语言将在下次启动时更改。</translation>
    </message>
    <message>
        <source>The new data folder is used from the next start.</source>
        <translation>新的数据文件夹将从下次启动起使用。</translation>
    </message>
    <message>
        <source>Device: {device}</source>
        <translation>设备：{device}</translation>
    </message>
    <message>
        <source>In memory: {models}</source>
        <translation>内存中：{models}</translation>
    </message>
    <message>
        <source>Working with {model}…</source>
        <translation>正在使用 {model}…</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>Last job: {stats}</source>
        <translation>上次任务：{stats}</translation>
    </message>
    <message>
        <source>Settings could not be saved: {reason}</source>
        <translation>无法保存设置：{reason}</translation>
    </message>
</context>
<context>
    <name>ModelOffer</name>
    <message>
        <source>Model to download</source>
        <translation>要下载的模型</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop the download; what was fetched is kept and the next try goes on from there</source>
        <translation>停止下载；已下载的部分会保留，下次从中断处继续</translation>
    </message>
    <message>
        <source>Open Models page</source>
        <translation>打开模型页</translation>
    </message>
    <message>
        <source>The recommended translation models on the Models page</source>
        <translation>模型页上推荐的翻译模型</translation>
    </message>
    <message>
        <source>Hide this offer</source>
        <translation>隐藏此建议</translation>
    </message>
    <message>
        <source>Download progress</source>
        <translation>下载进度</translation>
    </message>
    <message>
        <source>{name} — {size}, {license}</source>
        <translation>{name} — {size}，{license}</translation>
    </message>
    <message>
        <source> (through English)</source>
        <translation>（经由英语）</translation>
    </message>
    <message>
        <source>Download {name} ({size}, {license})?</source>
        <translation>下载 {name}（{size}，{license}）？</translation>
    </message>
    <message>
        <source>{source} → {target}</source>
        <translation>{source} → {target}</translation>
    </message>
    <message>
        <source>Together with the installed {half} model, it translates through English.</source>
        <translation>与已安装的 {half} 模型配合，可经由英语翻译。</translation>
    </message>
    <message>
        <source>Download {id} into the Hugging Face cache</source>
        <translation>将 {id} 下载到 Hugging Face 缓存</translation>
    </message>
    <message>
        <source>Another download is under way ({id}); this one can start when it ends.</source>
        <translation>另一个下载正在进行（{id}）；它结束后才能开始这个下载。</translation>
    </message>
    <message>
        <source>Asking the hub about {id}…</source>
        <translation>正在向模型中心查询 {id}…</translation>
    </message>
    <message>
        <source>{done} of {total} (%p%)</source>
        <translation>{done} / {total}（%p%）</translation>
    </message>
    <message>
        <source>Downloaded {id}; adding it to the installed models…</source>
        <translation>已下载 {id}；正在加入已安装的模型…</translation>
    </message>
    <message>
        <source>The download failed: {reason}</source>
        <translation>下载失败：{reason}</translation>
    </message>
</context>
<context>
    <name>ScoreBars</name>
    <message>
        <source>{label} score</source>
        <translation>{label} 得分</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Give the data folder as a full path, for example {example}.</source>
        <translation>请以完整路径填写数据文件夹，例如 {example}。</translation>
    </message>
    <message>
        <source>{folder} is a file, not a folder. Choose a folder for the data.</source>
        <translation>{folder} 是一个文件，不是文件夹。请为数据选择一个文件夹。</translation>
    </message>
    <message>
        <source>The program cannot write in {folder} ({reason}). Choose a folder you can write to.</source>
        <translation>程序无法写入 {folder}（{reason}）。请选择一个可以写入的文件夹。</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Automatic (GPU if present)</source>
        <translation>自动（有 GPU 时使用 GPU）</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>NVIDIA GPU (CUDA)</source>
        <translation>英伟达 GPU (CUDA)</translation>
    </message>
    <message>
        <source>Apple GPU (MPS)</source>
        <translation>苹果 GPU (MPS)</translation>
    </message>
    <message>
        <source> MB</source>
        <translation> MB</translation>
    </message>
    <message>
        <source>Automatic (half of the memory)</source>
        <translation>自动（内存的一半）</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Run models &amp;on:</source>
        <translation>模型运行于(&amp;O)：</translation>
    </message>
    <message>
        <source>&amp;Memory budget:</source>
        <translation>内存预算(&amp;M)：</translation>
    </message>
    <message>
        <source>Applies to the next model loaded. Precision and what to do when the GPU runs out of memory are on the Models page.</source>
        <translation>对之后加载的模型生效。精度以及 GPU 内存不足时的处理方式在“模型”页中设置。</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>Choose the data folder</source>
        <translation>选择数据文件夹</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>&amp;Data folder:</source>
        <translation>数据文件夹(&amp;D)：</translation>
    </message>
    <message>
        <source>Chats, document indexes and converted models are kept here. Leave it empty for the standard folder. A new folder is used from the next start; what is in the old folder stays there.</source>
        <translation>聊天记录、文档索引和转换后的模型保存在这里。留空则使用标准文件夹。新文件夹从下次启动起使用；旧文件夹中的内容会留在原处。</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>系统语言</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>外观</translation>
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation>主题(&amp;T)：</translation>
    </message>
    <message>
        <source>Interface &amp;language:</source>
        <translation>界面语言(&amp;L)：</translation>
    </message>
    <message>
        <source>The theme changes at once; the language at the next start.</source>
        <translation>主题立即生效；语言在下次启动时生效。</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>数据文件夹</translation>
    </message>
</context>
<context>
    <name>Shortcuts</name>
    <message>
        <source>Go to Chat, Translate, Sentiment, Classify, Models</source>
        <translation>转到聊天、翻译、情感分析、分类、模型</translation>
    </message>
    <message>
        <source>Send / Translate / Analyze / Classify in the current tab</source>
        <translation>在当前标签页中发送 / 翻译 / 分析 / 分类</translation>
    </message>
    <message>
        <source>Stop the current job</source>
        <translation>停止当前任务</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>新建对话</translation>
    </message>
    <message>
        <source>Regenerate the last answer (Chat)</source>
        <translation>重新生成上一个回答（聊天）</translation>
    </message>
    <message>
        <source>Search all chats (Chat)</source>
        <translation>搜索所有对话（聊天）</translation>
    </message>
    <message>
        <source>Rename the selected chat (Chat)</source>
        <translation>重命名所选对话（聊天）</translation>
    </message>
    <message>
        <source>Delete the selected chat, with Undo (Chat)</source>
        <translation>删除所选对话，可撤销（聊天）</translation>
    </message>
    <message>
        <source>Export the chat (Chat)</source>
        <translation>导出对话（聊天）</translation>
    </message>
    <message>
        <source>Attach documents (Chat); translate a file (Translate)</source>
        <translation>附加文档（聊天）；翻译文件（翻译）</translation>
    </message>
    <message>
        <source>Copy the whole chat (Chat); copy the translation (Translate)</source>
        <translation>复制整个对话（聊天）；复制译文（翻译）</translation>
    </message>
    <message>
        <source>Swap translation languages</source>
        <translation>互换翻译语言</translation>
    </message>
    <message>
        <source>Edit the glossary (Translate tab)</source>
        <translation>编辑术语表（翻译页）</translation>
    </message>
    <message>
        <source>Clear the Translate tab</source>
        <translation>清空翻译页</translation>
    </message>
    <message>
        <source>Rescan models (Models page)</source>
        <translation>重新扫描模型（模型页）</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Keyboard shortcuts (this list)</source>
        <translation>键盘快捷键（本列表）</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
</context>
<context>
    <name>TaskTab</name>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>{action} (Ctrl+Enter)</source>
        <translation>{action} (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop (Esc)</source>
        <translation>停止 (Esc)</translation>
    </message>
    <message>
        <source>Waiting for the AI libraries to load…</source>
        <translation>正在等待 AI 库加载…</translation>
    </message>
    <message>
        <source>Queued…</source>
        <translation>排队中…</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Open Models page</source>
        <translation>打开“模型”页面</translation>
    </message>
    <message>
        <source>Retry in float16</source>
        <translation>以 float16 重试</translation>
    </message>
    <message>
        <source>Retry on the CPU</source>
        <translation>在 CPU 上重试</translation>
    </message>
</context>
<context>
    <name>TranscriptView</name>
    <message>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <source>Conversation</source>
        <translation>对话内容</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <source>Interrupted: the program stopped while this answer was being written; what was shown is kept.</source>
        <translation>已中断：写出此回答时程序停止了；已显示的内容均已保留。</translation>
    </message>
    <message>
        <source>Stopped before the end.</source>
        <translation>在结束前被停止。</translation>
    </message>
    <message>
        <source>The model failed part-way through this answer.</source>
        <translation>模型在生成此回答的中途出错。</translation>
    </message>
    <message>
        <source>Sources:</source>
        <translation>来源：</translation>
    </message>
    <message>
        <source>Open link?</source>
        <translation>打开链接？</translation>
    </message>
    <message>
        <source>The answer links to:

{url}

Open it in your web browser?</source>
        <translation>此回答链接到：

{url}

要在网页浏览器中打开吗？</translation>
    </message>
    <message>
        <source>{file} ({location}, passage {number})</source>
        <translation>{file}（{location}，第 {number} 段）</translation>
    </message>
    <message>
        <source>{file} (passage {number})</source>
        <translation>{file}（第 {number} 段）</translation>
    </message>
</context>
<context>
    <name>TranslateTab</name>
    <message>
        <source>Translate</source>
        <translation>翻译</translation>
    </message>
    <message>
        <source>Translate (Ctrl+Enter)</source>
        <translation>翻译 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Source language</source>
        <translation>源语言</translation>
    </message>
    <message>
        <source>Target language</source>
        <translation>目标语言</translation>
    </message>
    <message>
        <source>Swap languages (Ctrl+Shift+S)</source>
        <translation>交换语言 (Ctrl+Shift+S)</translation>
    </message>
    <message>
        <source>Swap languages</source>
        <translation>交换语言</translation>
    </message>
    <message>
        <source>Models for this pair</source>
        <translation>此语言对的模型</translation>
    </message>
    <message>
        <source>Direct model…</source>
        <translation>直接翻译模型…</translation>
    </message>
    <message>
        <source>Models that translate this pair directly, to download</source>
        <translation>可直接翻译此语言对的模型（可下载）</translation>
    </message>
    <message>
        <source>Detected language</source>
        <translation>检测到的语言</translation>
    </message>
    <message>
        <source>Paste or type the text to translate — Ctrl+Enter to translate, Ctrl+O for a file</source>
        <translation>粘贴或输入要翻译的文本 — Ctrl+Enter 翻译，Ctrl+O 翻译文件</translation>
    </message>
    <message>
        <source>Text to translate</source>
        <translation>要翻译的文本</translation>
    </message>
    <message>
        <source>The translation appears here, sentence by sentence.</source>
        <translation>译文会逐句显示在这里。</translation>
    </message>
    <message>
        <source>Translation</source>
        <translation>译文</translation>
    </message>
    <message>
        <source>Translate file…</source>
        <translation>翻译文件…</translation>
    </message>
    <message>
        <source>Translate a .txt, .md or .docx file into a new file (Ctrl+O)</source>
        <translation>将 .txt、.md 或 .docx 文件翻译为新文件 (Ctrl+O)</translation>
    </message>
    <message>
        <source>Glossary…</source>
        <translation>术语表…</translation>
    </message>
    <message>
        <source>Terms that must be translated in a fixed way (Ctrl+G)</source>
        <translation>必须以固定方式翻译的术语 (Ctrl+G)</translation>
    </message>
    <message>
        <source>Use glossary</source>
        <translation>使用术语表</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy the translation (Ctrl+Shift+C)</source>
        <translation>复制译文 (Ctrl+Shift+C)</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Clear both panes (Ctrl+Shift+X)</source>
        <translation>清空两侧文本 (Ctrl+Shift+X)</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>to</source>
        <translation>到</translation>
    </message>
    <message>
        <source>Detect language</source>
        <translation>检测语言</translation>
    </message>
    <message>
        <source>via English</source>
        <translation>经由英语</translation>
    </message>
    <message>
        <source>needs a model</source>
        <translation>需要模型</translation>
    </message>
    <message>
        <source>No installed model translates this: pick it to see which model to download</source>
        <translation>没有已安装的模型能翻译此语言对：选择它以查看可下载的模型</translation>
    </message>
    <message>
        <source>Using the model chosen on the Models page</source>
        <translation>使用模型页上选择的模型</translation>
    </message>
    <message>
        <source>The source language is detected when you translate</source>
        <translation>翻译时会自动检测源语言</translation>
    </message>
    <message>
        <source>✓ installed</source>
        <translation>✓ 已安装</translation>
    </message>
    <message>
        <source>No direct model: through English ({models})</source>
        <translation>没有直接翻译模型：经由英语（{models}）</translation>
    </message>
    <message>
        <source>Through English</source>
        <translation>经由英语</translation>
    </message>
    <message>
        <source>No model installed for this pair</source>
        <translation>此语言对没有已安装的模型</translation>
    </message>
    <message>
        <source>{source} → {target}</source>
        <translation>{source} → {target}</translation>
    </message>
    <message>
        <source>{pair} works through English; a direct model is usually better and faster.</source>
        <translation>{pair} 目前经由英语翻译；直接翻译模型通常更准确、更快。</translation>
    </message>
    <message>
        <source>No installed model translates {pair}.</source>
        <translation>没有已安装的模型能翻译 {pair}。</translation>
    </message>
    <message>
        <source>{id} is installed: {pair} works now.</source>
        <translation>{id} 已安装：现在可以翻译 {pair}。</translation>
    </message>
    <message>
        <source>{id} is installed: {pair} works now, through English.</source>
        <translation>{id} 已安装：现在可以经由英语翻译 {pair}。</translation>
    </message>
    <message>
        <source>{id} was downloaded, but no installed model translates {pair} yet: see the Models page.</source>
        <translation>{id} 已下载，但仍没有已安装的模型能翻译 {pair}：请查看模型页。</translation>
    </message>
    <message>
        <source>Open Models page</source>
        <translation>打开模型页</translation>
    </message>
    <message>
        <source>Could not download {id}: {reason}</source>
        <translation>无法下载 {id}：{reason}</translation>
    </message>
    <message>
        <source>{problem} Translating without it.</source>
        <translation>{problem} 将不使用术语表进行翻译。</translation>
    </message>
    <message>
        <source>Translate a file</source>
        <translation>翻译文件</translation>
    </message>
    <message>
        <source>Documents ({patterns})</source>
        <translation>文档 ({patterns})</translation>
    </message>
    <message>
        <source>Save the translation as</source>
        <translation>将译文另存为</translation>
    </message>
    <message>
        <source>Translating {file} into {out}…</source>
        <translation>正在将 {file} 翻译为 {out}…</translation>
    </message>
    <message>
        <source>Paste or type some text to translate first.</source>
        <translation>请先粘贴或输入要翻译的文本。</translation>
    </message>
    <message>
        <source>Detected: {language} ({confidence})</source>
        <translation>检测结果：{language}（{confidence}）</translation>
    </message>
    <message>
        <source>Other guesses: {guesses}. Pick the language in the list if the guess is wrong.</source>
        <translation>其他可能：{guesses}。如果检测有误，请在列表中选择语言。</translation>
    </message>
    <message>
        <source>Glossary: the model did not keep {terms} in every sentence; check those places.</source>
        <translation>术语表：模型没有在每个句子中保留 {terms}；请检查这些地方。</translation>
    </message>
    <message>
        <source> ({count} sentences from the stopped run)</source>
        <translation>（其中 {count} 句来自上次中断的翻译）</translation>
    </message>
    <message>
        <source>Saved the translation of {file} to {out}{resumed}.</source>
        <translation>已将 {file} 的译文保存到 {out}{resumed}。</translation>
    </message>
    <message>
        <source>Saved to {out}{resumed}.</source>
        <translation>已保存到 {out}{resumed}。</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
</context>
</TS>
