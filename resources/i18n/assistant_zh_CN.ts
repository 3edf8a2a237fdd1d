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
    <name>CatalogPanel</name>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>License</source>
        <translation>许可证</translation>
    </message>
    <message>
        <source>Languages</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Here</source>
        <translation>已下载</translation>
    </message>
    <message>
        <source>Show models for</source>
        <translation>按任务显示模型</translation>
    </message>
    <message>
        <source>All tasks</source>
        <translation>所有任务</translation>
    </message>
    <message>
        <source>Recommended models</source>
        <translation>推荐模型</translation>
    </message>
    <message>
        <source>Enter or a double-click downloads the selected model</source>
        <translation>按 Enter 或双击即可下载所选模型</translation>
    </message>
    <message>
        <source>owner/name, e.g. Helsinki-NLP/opus-mt-en-de</source>
        <translation>所有者/名称，例如 Helsinki-NLP/opus-mt-en-de</translation>
    </message>
    <message>
        <source>Model id on the Hugging Face hub</source>
        <translation>Hugging Face hub 上的模型 ID</translation>
    </message>
    <message>
        <source>Revision</source>
        <translation>修订版本</translation>
    </message>
    <message>
        <source>Also pickle weights (*.bin) when there are no safetensors</source>
        <translation>没有 safetensors 时，也下载 PyTorch 序列化权重 (*.bin)</translation>
    </message>
    <message>
        <source>Pickle files can run code when they are loaded. Only for models you trust.</source>
        <translation>这类文件在加载时可以运行代码。仅用于你信任的模型。</translation>
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
        <source>Stop the download (what was fetched is kept, and the next download goes on from there)</source>
        <translation>停止下载（已获取的部分会保留，下次下载从那里继续）</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>显示：</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <source>Revision:</source>
        <translation>修订版本：</translation>
    </message>
    <message>
        <source>The catalog&apos;s revisions are branch names such as &apos;main&apos; (not pinned to a commit).</source>
        <translation>目录中的修订版本是 &apos;main&apos; 之类的分支名（未固定到某个提交）。</translation>
    </message>
    <message>
        <source>{unpinned} of the catalog&apos;s {count} revisions are branch names (not pinned to a commit).</source>
        <translation>目录的 {count} 个修订版本中有 {unpinned} 个是分支名（未固定到某个提交）。</translation>
    </message>
    <message>
        <source>Every revision of the catalog is pinned to a commit.</source>
        <translation>目录中的每个修订版本都已固定到某个提交。</translation>
    </message>
    <message>
        <source>Files go to the Hugging Face cache, where other tools find them too. Only safetensors weights and tokenizer/config files are fetched. &apos;Here&apos; shows the commit that was downloaded.</source>
        <translation>文件保存到 Hugging Face 缓存，其他工具也能找到它们。只下载 safetensors 权重和分词器/配置文件。“已下载”列显示已下载的提交。</translation>
    </message>
    <message>
        <source>Downloads come from {hub}.</source>
        <translation>下载来自 {hub}。</translation>
    </message>
    <message>
        <source>Downloads come from {hub}, without a proxy.</source>
        <translation>下载来自 {hub}，不使用代理。</translation>
    </message>
    <message>
        <source>Downloads come from {hub} through the proxy {proxy}.</source>
        <translation>下载来自 {hub}，经由代理 {proxy}。</translation>
    </message>
    <message>
        <source>{size} MB</source>
        <translation>{size} MB</translation>
    </message>
    <message>
        <source>pinned commit</source>
        <translation>固定到提交</translation>
    </message>
    <message>
        <source>not pinned</source>
        <translation>未固定</translation>
    </message>
    <message>
        <source>{model}: {note}
Licence: {license}. Languages: {languages}. About {size} MB. Revision {revision} ({pinned}).</source>
        <translation>{model}：{note}
许可证：{license}。语言：{languages}。约 {size} MB。修订版本 {revision}（{pinned}）。</translation>
    </message>
    <message>
        <source>Pick a model in the list or type its id (owner/name).</source>
        <translation>请在列表中选择一个模型，或输入其 ID（所有者/名称）。</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <source>Asking the hub about {model}…</source>
        <translation>正在向 hub 查询 {model}…</translation>
    </message>
    <message>
        <source>{done} of {total} MB (%p%)</source>
        <translation>{done} / {total} MB (%p%)</translation>
    </message>
    <message>
        <source>{model} ({commit}) is in {folder}: {fetched} MB fetched, {reused} MB were already here.</source>
        <translation>{model}（{commit}）位于 {folder}：下载了 {fetched} MB，已有 {reused} MB。</translation>
    </message>
    <message>
        <source>{model} ({commit}) is in {folder}: {fetched} MB fetched.</source>
        <translation>{model}（{commit}）位于 {folder}：下载了 {fetched} MB。</translation>
    </message>
    <message>
        <source>Downloaded: commit {commit}, not the catalog&apos;s pinned commit {pinned}.</source>
        <translation>已下载：提交 {commit}，不是目录固定的提交 {pinned}。</translation>
    </message>
    <message>
        <source>Downloaded: commit {commit}.</source>
        <translation>已下载：提交 {commit}。</translation>
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
        <source>Automatic (a quarter of what the model reads, at most 1,024 tokens)</source>
        <translation>自动（模型可读内容的四分之一，最多 1,024 个词元）</translation>
    </message>
    <message>
        <source>All the model can read</source>
        <translation>模型能读的全部</translation>
    </message>
    <message>
        <source>At most</source>
        <translation>最多</translation>
    </message>
    <message>
        <source>How much of the conversation the model reads for each answer: the newest exchanges that fit. Less history gives the first word sooner; the system prompt and the question are always sent.</source>
        <translation>每次回答时模型读取多少对话：放得下的最新几轮。历史越少，第一个字出现得越快；系统提示和问题总会发送。</translation>
    </message>
    <message>
        <source>History sent to the model, in tokens</source>
        <translation>发送给模型的历史（词元数）</translation>
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
        <source>History sent to the model</source>
        <translation>发送给模型的历史</translation>
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
        <source>The %n earliest exchange(s) were left out of what the model saw for this answer by the setting &quot;History sent to the model&quot; (this chat&apos;s Settings button); the system prompt is always kept. Raise it, or set it to &quot;All the model can read&quot;, to send more.</source>
        <translation>
            <numerusform>设置“发送给模型的历史”使本次回答时模型没有看到最早的 %n 轮问答（在本对话的“设置”按钮中）；系统提示始终保留。调高它，或设为“模型能读的全部”，即可发送更多。</numerusform>
        </translation>
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
    <message>
        <source>First token after {first} s · {rate} tokens/s</source>
        <translation>首个词元用时 {first} 秒 · 每秒 {rate} 个词元</translation>
    </message>
    <message numerus="yes">
        <source>%n early exchange(s) were left out by the setting &quot;History sent to the model&quot; (this chat&apos;s Settings).</source>
        <translation>
            <numerusform>设置“发送给模型的历史”省略了 %n 轮较早的问答（本对话的“设置”）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n early exchange(s) were left out to fit what the model can read.</source>
        <translation>
            <numerusform>为适应模型能读取的长度，省略了最早的 %n 轮问答。</numerusform>
        </translation>
    </message>
    <message>
        <source>Not saved: {error} The window keeps working: a question that was not saved stays in the box below, an answer stays shown; both are saved with Save again or the next question.</source>
        <translation>未保存：{error} 窗口仍可使用：未保存的问题留在下方输入框中，回答仍然显示；点击“再次保存”或发送下一个问题时会一并保存。</translation>
    </message>
    <message>
        <source>Save again</source>
        <translation>再次保存</translation>
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
    <name>ClassifyTab</name>
    <message>
        <source>Classify</source>
        <translation>分类</translation>
    </message>
    <message>
        <source>Classify (Ctrl+Enter)</source>
        <translation>分类 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Way to classify</source>
        <translation>分类方式</translation>
    </message>
    <message>
        <source>Teach by example…</source>
        <translation>用示例训练…</translation>
    </message>
    <message>
        <source>Train a classifier from folders of examples, one subfolder per label</source>
        <translation>用示例文件夹训练分类器，每个标签一个子文件夹</translation>
    </message>
    <message>
        <source>Labels, separated by commas: sports, politics, technology</source>
        <translation>标签，用英文逗号 (,) 分隔：体育, 政治, 科技</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Describe labels…</source>
        <translation>描述标签…</translation>
    </message>
    <message>
        <source>A description or example phrases per label improve zero-shot results</source>
        <translation>为每个标签提供描述或示例短语，可改善零样本分类的结果</translation>
    </message>
    <message>
        <source>Suggest labels</source>
        <translation>建议标签</translation>
    </message>
    <message>
        <source>Group the files added below by what they are about and suggest a label for each group</source>
        <translation>按内容将下面添加的文件分组，并为每组建议一个标签</translation>
    </message>
    <message>
        <source>Several labels per file</source>
        <translation>每个文件可有多个标签</translation>
    </message>
    <message>
        <source>Several labels per file: the score a label needs</source>
        <translation>每个文件多个标签时：一个标签所需的最低分数</translation>
    </message>
    <message>
        <source>Files whose best score is lower are marked unsure</source>
        <translation>最高分低于此值的文件标记为“不确定”</translation>
    </message>
    <message>
        <source>Paste a text to classify, or add files and folders (you can drop them here).</source>
        <translation>粘贴要分类的文本，或添加文件和文件夹（也可以拖放到这里）。</translation>
    </message>
    <message>
        <source>Text to classify</source>
        <translation>要分类的文本</translation>
    </message>
    <message>
        <source>Add files…</source>
        <translation>添加文件…</translation>
    </message>
    <message>
        <source>Add files to classify (Ctrl+O)</source>
        <translation>添加要分类的文件 (Ctrl+O)</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <source>Add a folder and its subfolders (Ctrl+Shift+O)</source>
        <translation>添加一个文件夹及其子文件夹 (Ctrl+Shift+O)</translation>
    </message>
    <message>
        <source>No files added</source>
        <translation>未添加文件</translation>
    </message>
    <message>
        <source>only: *.pdf, *.docx</source>
        <translation>仅限：*.pdf, *.docx</translation>
    </message>
    <message>
        <source>Only files that match</source>
        <translation>只包括匹配的文件</translation>
    </message>
    <message>
        <source>Only files whose names match these patterns, separated by commas (empty: all files)</source>
        <translation>只处理文件名匹配这些模式的文件，模式之间用逗号分隔（留空：所有文件）</translation>
    </message>
    <message>
        <source>skip: node_modules, *.tmp</source>
        <translation>跳过：node_modules, *.tmp</translation>
    </message>
    <message>
        <source>Skip files and folders that match</source>
        <translation>跳过匹配的文件和文件夹</translation>
    </message>
    <message>
        <source>Skip files and folders whose names match these patterns, separated by commas</source>
        <translation>跳过名称匹配这些模式的文件和文件夹，模式之间用逗号分隔</translation>
    </message>
    <message>
        <source>Hidden files</source>
        <translation>隐藏文件</translation>
    </message>
    <message>
        <source>Learn from all the files</source>
        <translation>从全部文件中学习</translation>
    </message>
    <message>
        <source>When every file has a score, learn from the files each label is surest of and score them all again (20 files or more, one label per file): labels shown during the run may change at the end</source>
        <translation>所有文件都有分数后，从每个标签最有把握的文件中学习，再给全部文件重新打分（20 个文件以上，每个文件一个标签）：运行中显示的标签可能在最后改变</translation>
    </message>
    <message>
        <source> MB max</source>
        <translation> MB 上限</translation>
    </message>
    <message>
        <source>Larger files are listed as too large, not read</source>
        <translation>更大的文件会列为“过大”，不会读取</translation>
    </message>
    <message>
        <source>Largest file to read, in MB</source>
        <translation>读取文件的最大大小（MB）</translation>
    </message>
    <message>
        <source>Filter rows…</source>
        <translation>筛选行…</translation>
    </message>
    <message>
        <source>Filter rows</source>
        <translation>筛选行</translation>
    </message>
    <message>
        <source>Show only the rows that contain this text (Ctrl+F)</source>
        <translation>只显示包含此文本的行 (Ctrl+F)</translation>
    </message>
    <message>
        <source>Show rows</source>
        <translation>显示哪些行</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Copy table</source>
        <translation>复制表格</translation>
    </message>
    <message>
        <source>Copy the visible results as CSV</source>
        <translation>将可见的结果复制为 CSV</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Save the results as CSV or JSON</source>
        <translation>将结果保存为 CSV 或 JSON</translation>
    </message>
    <message>
        <source>Organize…</source>
        <translation>整理…</translation>
    </message>
    <message>
        <source>Copy or move the files into one folder per label (with a preview; undoable)</source>
        <translation>将文件复制或移动到各标签的文件夹中（先预览；可撤销）</translation>
    </message>
    <message>
        <source>Undo organize</source>
        <translation>撤销整理</translation>
    </message>
    <message>
        <source>Add corrections to examples</source>
        <translation>把更正加入示例</translation>
    </message>
    <message>
        <source>Retrain the classifier with the labels you corrected by hand</source>
        <translation>用你手动更正的标签重新训练分类器</translation>
    </message>
    <message>
        <source>Classify with</source>
        <translation>分类方式</translation>
    </message>
    <message>
        <source>threshold</source>
        <translation>阈值</translation>
    </message>
    <message>
        <source>unsure below</source>
        <translation>低于此值为不确定</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Zero-shot: my labels</source>
        <translation>零样本：我的标签</translation>
    </message>
    <message>
        <source>Trained: {name}</source>
        <translation>已训练：{name}</translation>
    </message>
    <message>
        <source>Trained: {name} ({accuracy} accurate)</source>
        <translation>已训练：{name}（准确率 {accuracy}）</translation>
    </message>
    <message>
        <source>The trained classifier&apos;s labels: {labels}</source>
        <translation>训练所得分类器的标签：{labels}</translation>
    </message>
    <message>
        <source>None of this classifier&apos;s held-out examples scored {at} or above: every file would be marked unsure.</source>
        <translation>此分类器的留出样本中没有一个得分达到 {at} 或以上：每个文件都会被标为不确定。</translation>
    </message>
    <message>
        <source>Files at {at} or above were right {tenths} times in 10 here ({right} of {sure} held-out examples); {below} of {total} scored lower and would be marked unsure.</source>
        <translation>得分在 {at} 或以上的文件，这里 10 次中有 {tenths} 次正确（留出样本 {sure} 个中对了 {right} 个）；{total} 个中有 {below} 个得分更低，会被标为不确定。</translation>
    </message>
    <message>
        <source>Files to classify</source>
        <translation>要分类的文件</translation>
    </message>
    <message>
        <source>Folder to classify</source>
        <translation>要分类的文件夹</translation>
    </message>
    <message numerus="yes">
        <source>%Ln file(s) to classify</source>
        <translation>
            <numerusform>%Ln 个文件待分类</numerusform>
        </translation>
    </message>
    <message>
        <source>Paste some text or add files to classify first.</source>
        <translation>请先粘贴一些文本，或添加要分类的文件。</translation>
    </message>
    <message numerus="yes">
        <source>A classification of %Ln file(s) stopped before it finished ({done} done).</source>
        <translation>
            <numerusform>对 %Ln 个文件的分类在完成前中止了（已完成 {done} 个）。</numerusform>
        </translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message numerus="yes">
        <source>%Ln file(s) to classify (resumed)</source>
        <translation>
            <numerusform>%Ln 个文件待分类（继续上次的任务）</numerusform>
        </translation>
    </message>
    <message>
        <source>Stopped. The files done so far are kept.</source>
        <translation>已停止。已完成的文件结果会保留。</translation>
    </message>
    <message numerus="yes">
        <source>Learning from all the files changed the label of %n file(s).</source>
        <translation>
            <numerusform>从全部文件中学习后，有 %n 个文件的标签改变了。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) could not be read; the table says why.</source>
        <translation>
            <numerusform>%n 项无法读取；表格中写明了原因。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) are unsure: check them and correct the label if needed.</source>
        <translation>
            <numerusform>%n 个文件不确定：请检查，必要时更正标签。</numerusform>
        </translation>
    </message>
    <message>
        <source>Name of the classifier to train or extend:</source>
        <translation>要训练或扩充的分类器名称：</translation>
    </message>
    <message>
        <source>too few examples to measure its accuracy (give at least 2 per label)</source>
        <translation>示例太少，无法衡量准确率（每个标签至少需要 2 个）</translation>
    </message>
    <message>
        <source>cross-validated accuracy {accuracy} ({folds}-fold)</source>
        <translation>交叉验证准确率 {accuracy}（{folds} 折）</translation>
    </message>
    <message>
        <source>Trained &apos;{name}&apos; ({examples}): {quality}. It is now selected.</source>
        <translation>已训练“{name}”（{examples}）：{quality}。现已选用它。</translation>
    </message>
    <message>
        <source>The embedding model was tuned on the examples and is saved with the classifier.</source>
        <translation>嵌入模型已在这些示例上微调，并与分类器一起保存。</translation>
    </message>
    <message>
        <source>The labels&apos; names help it too: they count as a hint beside the examples.</source>
        <translation>标签的名称也有帮助：它们作为示例之外的提示。</translation>
    </message>
    <message numerus="yes">
        <source>%n example file(s) could not be read.</source>
        <translation>
            <numerusform>%n 个示例文件无法读取。</numerusform>
        </translation>
    </message>
    <message>
        <source>Add the files or a folder first: the labels are suggested from them.</source>
        <translation>请先添加文件或文件夹：标签将根据它们建议。</translation>
    </message>
    <message>
        <source>no label</source>
        <translation>无标签</translation>
    </message>
    <message numerus="yes">
        <source>%n label(s) set from the suggestions. Check the table (a label can be corrected by double-clicking it), then organize.</source>
        <translation>
            <numerusform>已根据建议设置 %n 个标签。请检查表格（双击标签即可更正），然后整理。</numerusform>
        </translation>
    </message>
    <message>
        <source>Classify some files first: there is nothing to organize yet.</source>
        <translation>请先分类一些文件：目前还没有可整理的内容。</translation>
    </message>
    <message numerus="yes">
        <source>Undone: %n file(s) are back where they were.</source>
        <translation>
            <numerusform>已撤销：%n 个文件已回到原来的位置。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n changed copy(ies) were kept.</source>
        <translation>
            <numerusform>%n 个已修改的副本被保留。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n could not be put back: %1. Fix that and undo again.</source>
        <translation>
            <numerusform>%n 个文件无法放回：%1。请先解决该问题，然后再次撤销。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) moved into label folders.</source>
        <translation>
            <numerusform>已将 %n 个文件移动到标签文件夹。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) copied into label folders.</source>
        <translation>
            <numerusform>已将 %n 个文件复制到标签文件夹。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) were left alone.</source>
        <translation>
            <numerusform>%n 个文件未作处理。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) failed and stay where they were: %1.</source>
        <translation>
            <numerusform>%n 个文件处理失败，仍在原处：%1。</numerusform>
        </translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message numerus="yes">
        <source>Put back the %n file(s) of the last organize run</source>
        <translation>
            <numerusform>将上次整理的 %n 个文件放回原处</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing to undo: no organize run yet</source>
        <translation>没有可撤销的操作：尚未进行过整理</translation>
    </message>
    <message numerus="yes">
        <source>Put back the %n file(s) of the last run?</source>
        <translation>
            <numerusform>要将上次整理的 %n 个文件放回原处吗？</numerusform>
        </translation>
    </message>
    <message>
        <source>Export results</source>
        <translation>导出结果</translation>
    </message>
    <message>
        <source>CSV (*.csv);;JSON (*.json)</source>
        <translation>CSV 文件 (*.csv);;JSON 文件 (*.json)</translation>
    </message>
    <message>
        <source>The results could not be saved: {error}</source>
        <translation>无法保存结果：{error}</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n row(s) to {file}</source>
        <translation>
            <numerusform>已将 %n 行导出到 {file}</numerusform>
        </translation>
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
    <message numerus="yes">
        <source>The %n newest matches are shown. Show more</source>
        <translation>
            <numerusform>已显示最新的 %n 条匹配。显示更多</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CoreMessages</name>
    <message>
        <source>&quot;pair&quot; must be two language codes</source>
        <translation>&quot;pair&quot; 必须是两个语言代码</translation>
    </message>
    <message>
        <source>&apos;{branch}&apos; is not a pull-request branch such as refs/pr/39</source>
        <translation>“{branch}”不是 refs/pr/39 这样的拉取请求分支</translation>
    </message>
    <message>
        <source>&apos;{id}&apos; is not a hub id of the form owner/name</source>
        <translation>“{id}”不是 owner/name 形式的模型库 ID</translation>
    </message>
    <message>
        <source>&apos;{id}&apos; is not a job id.</source>
        <translation>“{id}”不是任务 ID。</translation>
    </message>
    <message>
        <source>&apos;{id}&apos; is not a model id: write it as owner/name, for example Helsinki-NLP/opus-mt-en-de.</source>
        <translation>“{id}”不是模型 ID：请写成 owner/name 的形式，例如 Helsinki-NLP/opus-mt-en-de。</translation>
    </message>
    <message>
        <source>&apos;{id}&apos; is not a run id.</source>
        <translation>“{id}”不是整理记录 ID。</translation>
    </message>
    <message>
        <source>&apos;{proxy}&apos; is not a proxy address: write it as http://host:port, or choose system or none.</source>
        <translation>“{proxy}”不是代理地址：请写成 http://主机:端口，或选择 system（系统）或 none（不用代理）。</translation>
    </message>
    <message>
        <source>&apos;{url}&apos; is not a server address: it must start with http:// or https://.</source>
        <translation>“{url}”不是服务器地址：必须以 http:// 或 https:// 开头。</translation>
    </message>
    <message>
        <source>&apos;{url}&apos; must be a plain address, without a query, a fragment or a password in it.</source>
        <translation>“{url}”必须是普通地址，不能包含查询参数、片段或密码。</translation>
    </message>
    <message>
        <source>, resumed at {size}</source>
        <translation>，从 {size} 处继续</translation>
    </message>
    <message>
        <source>, {speed}/s</source>
        <translation>，{speed}/秒</translation>
    </message>
    <message>
        <source>A model called &apos;{name}&apos; is already in the models folder ({path}). Choose another name or remove it first.</source>
        <translation>模型文件夹中已有名为“{name}”的模型（{path}）。请换一个名称，或先将其删除。</translation>
    </message>
    <message>
        <source>A server name must be one word without &apos;/&apos; (models are named server/model): &apos;{name}&apos; is not.</source>
        <translation>服务器名称必须是一个不含“/”的词（模型按“服务器/模型”命名）：“{name}”不符合。</translation>
    </message>
    <message>
        <source>API keys are kept in the system keyring ({backend}).</source>
        <translation>API 密钥保存在系统密钥环中（{backend}）。</translation>
    </message>
    <message>
        <source>Add the files or a folder to suggest labels for first.</source>
        <translation>请先添加要建议标签的文件或文件夹。</translation>
    </message>
    <message>
        <source>Ask for between 2 and {most} labels, not {count}.</source>
        <translation>标签数量应在 2 到 {most} 之间，而不是 {count}。</translation>
    </message>
    <message>
        <source>Checking int8 quality when the worker is idle; float32 until then.</source>
        <translation>正在空闲时检查 int8 的质量；在此之前使用 float32。</translation>
    </message>
    <message>
        <source>Checking whether {model} keeps its quality in int8 (first use only)…</source>
        <translation>正在检查 {model} 在 int8 下是否保持质量（仅首次使用）…</translation>
    </message>
    <message>
        <source>Choose the folder to organize into.</source>
        <translation>请选择整理到哪个文件夹。</translation>
    </message>
    <message>
        <source>Choose the language to translate into.</source>
        <translation>请选择要翻译成的语言。</translation>
    </message>
    <message>
        <source>Conversion stopped; nothing was written.</source>
        <translation>转换已停止；没有写入任何内容。</translation>
    </message>
    <message>
        <source>Converting the model weights (first use only)…</source>
        <translation>正在转换模型权重（仅首次使用）…</translation>
    </message>
    <message>
        <source>Converting the model weights…</source>
        <translation>正在转换模型权重…</translation>
    </message>
    <message>
        <source>Converting {file} to safetensors with the safe loader…</source>
        <translation>正在用安全加载器将 {file} 转换为 safetensors…</translation>
    </message>
    <message>
        <source>Converting {name} needs about {needed:.1f} GB and {free:.1f} GB are free in {folder}.</source>
        <translation>转换 {name} 大约需要 {needed:.1f} GB，而 {folder} 中只有 {free:.1f} GB 可用空间。</translation>
    </message>
    <message>
        <source>Converting {name} stopped; nothing was kept.</source>
        <translation>已停止转换 {name}，未保留任何内容。</translation>
    </message>
    <message>
        <source>Copied {done} of {total}</source>
        <translation>已复制 {done}/{total}</translation>
    </message>
    <message>
        <source>Could not reach the model hub at {where} ({error}): this computer may be offline, or the hub is down. Check the connection and try again: what was fetched is kept.</source>
        <translation>无法连接模型库 {where}（{error}）：这台电脑可能处于离线状态，或者模型库暂时无法访问。请检查网络连接后重试：已下载的部分会保留。</translation>
    </message>
    <message>
        <source>Could not reach {server} at {url}: {reason}</source>
        <translation>无法连接到 {server}（{url}）：{reason}</translation>
    </message>
    <message>
        <source>Detected {language} ({confidence:.0%})</source>
        <translation>检测到 {language}（{confidence:.0%}）</translation>
    </message>
    <message>
        <source>Download of {id} stopped; what was fetched is kept and the next download goes on from there.</source>
        <translation>已停止下载 {id}；已下载的部分会保留，下次下载将从中断处继续。</translation>
    </message>
    <message>
        <source>Download stopped.</source>
        <translation>下载已停止。</translation>
    </message>
    <message>
        <source>Download stopped; what was fetched is kept to resume.</source>
        <translation>下载已停止；已下载的部分会保留，可继续下载。</translation>
    </message>
    <message>
        <source>Downloads are switched off on this computer (HF_HUB_OFFLINE is set).</source>
        <translation>此电脑已关闭下载（设置了 HF_HUB_OFFLINE）。</translation>
    </message>
    <message>
        <source>Embedding examples with the tuned model: {done} of {total}</source>
        <translation>正在用微调后的模型嵌入示例：{done} / {total}</translation>
    </message>
    <message>
        <source>Give at least two labels, separated by commas (for example: sports, politics, technology).</source>
        <translation>请至少给出两个标签，用逗号分隔（例如：sports, politics, technology）。</translation>
    </message>
    <message>
        <source>Give example files: a folder with one subfolder per label, or labelled files.</source>
        <translation>请提供示例文件：一个每个标签对应一个子文件夹的文件夹，或已标注的文件。</translation>
    </message>
    <message>
        <source>Give the classifier a name of letters, digits, spaces, &apos;-&apos;, &apos;_&apos; or &apos;.&apos; (at most 64).</source>
        <translation>分类器名称只能包含字母、数字、空格、“-”、“_”或“.”（最多 64 个字符）。</translation>
    </message>
    <message>
        <source>Grouping {count} files…</source>
        <translation>正在将 {count} 个文件分组…</translation>
    </message>
    <message>
        <source>Indexing documents: {done} of {total} file(s)</source>
        <translation>正在为文档建立索引：{done}/{total} 个文件</translation>
    </message>
    <message>
        <source>Learning from the whole batch, then revising its labels…</source>
        <translation>正在从整批内容中学习，然后修订标签…</translation>
    </message>
    <message>
        <source>Line {number} of {name} is not &apos;term -&gt; translation&apos;: {line}</source>
        <translation>{name} 的第 {number} 行不是“术语 -&gt; 译文”格式：{line}</translation>
    </message>
    <message>
        <source>Listing the files…</source>
        <translation>正在列出文件…</translation>
    </message>
    <message>
        <source>Loading the AI libraries…</source>
        <translation>正在加载 AI 库…</translation>
    </message>
    <message>
        <source>Loading {model} ({placement})…</source>
        <translation>正在加载 {model}（{placement}）…</translation>
    </message>
    <message>
        <source>Loading {model} stopped; the memory it had taken was freed.</source>
        <translation>已停止加载 {model}；其占用的内存已释放。</translation>
    </message>
    <message>
        <source>Message {number} of the file has no valid role and text.</source>
        <translation>文件中的第 {number} 条消息没有有效的角色和文本。</translation>
    </message>
    <message>
        <source>Model ready.</source>
        <translation>模型已就绪。</translation>
    </message>
    <message>
        <source>More than one conversation starts with &apos;{id}&apos;: give more of its id.</source>
        <translation>不止一个对话以“{id}”开头：请给出更完整的 ID。</translation>
    </message>
    <message>
        <source>Moved {done} of {total}</source>
        <translation>已移动 {done}/{total}</translation>
    </message>
    <message>
        <source>Moving {model} to the {placement}…</source>
        <translation>正在将 {model} 移至 {placement}…</translation>
    </message>
    <message>
        <source>No direct model for {source} → {target}: translated through {pivot} ({models})</source>
        <translation>没有 {source} → {target} 的直接模型：已经由 {pivot} 中转翻译（{models}）</translation>
    </message>
    <message>
        <source>No documents are attached: add files or a folder first.</source>
        <translation>尚未附加文档：请先添加文件或文件夹。</translation>
    </message>
    <message>
        <source>No model &apos;{key}&apos; is installed (or its folder is gone).</source>
        <translation>未安装模型“{key}”（或其文件夹已不存在）。</translation>
    </message>
    <message>
        <source>No model for {task} is available here.</source>
        <translation>这里没有可用于{task}的模型。</translation>
    </message>
    <message>
        <source>No model for {task} is installed. Add one on the Models page.</source>
        <translation>未安装可用于{task}的模型。请在“模型”页面添加一个。</translation>
    </message>
    <message>
        <source>No model found in {path}: a model folder holds a config.json and its weights.</source>
        <translation>在 {path} 中未找到模型：模型文件夹应包含 config.json 及其权重。</translation>
    </message>
    <message>
        <source>No server named &apos;{server}&apos; was added: add it on the Models page or with `assistant servers add`.</source>
        <translation>没有添加名为“{server}”的服务器：请在“模型”页面或用 `assistant servers add` 添加。</translation>
    </message>
    <message>
        <source>No system keyring is available: API keys are kept in {path}, readable only by you.</source>
        <translation>没有可用的系统密钥环：API 密钥保存在 {path}，只有您可以读取。</translation>
    </message>
    <message>
        <source>No translation model for {source} → {target} is installed. Add one on the Models page (for example Helsinki-NLP/opus-mt-{source}-{target}).</source>
        <translation>未安装 {source} → {target} 的翻译模型。请在“模型”页面添加一个（例如 Helsinki-NLP/opus-mt-{source}-{target}）。</translation>
    </message>
    <message>
        <source>None of the attached documents could be read ({reasons}).</source>
        <translation>附加的文档都无法读取（{reasons}）。</translation>
    </message>
    <message>
        <source>None of the attached documents could be read.</source>
        <translation>附加的文档都无法读取。</translation>
    </message>
    <message>
        <source>Not enough disk space for {id}: it needs {needed} and {free} are free in {folder}. Free some space (the Models page can remove models) and try again.</source>
        <translation>磁盘空间不足，无法下载 {id}：需要 {needed}，而 {folder} 中只有 {free} 可用。请释放一些空间（可在“模型”页面删除模型）后重试。</translation>
    </message>
    <message>
        <source>Out of GPU memory with {model} ({placement}): retrying on {target}, as set on the Models page.</source>
        <translation>{model}（{placement}）的 GPU 内存不足：按照“模型”页面的设置，改在 {target} 上重试。</translation>
    </message>
    <message>
        <source>Preparing {name} (first use only): reading the tokenizer…</source>
        <translation>正在准备 {name}（仅首次使用）：读取分词器…</translation>
    </message>
    <message>
        <source>Preparing {name}: reading the tokenizer…</source>
        <translation>正在准备 {name}：读取分词器…</translation>
    </message>
    <message>
        <source>Quantizing {model} to int8…</source>
        <translation>正在将 {model} 量化为 int8…</translation>
    </message>
    <message>
        <source>Reading examples: {done} of {total}</source>
        <translation>正在读取示例：{done}/{total}</translation>
    </message>
    <message>
        <source>Reading files: {done} of {total}</source>
        <translation>正在读取文件：{done}/{total}</translation>
    </message>
    <message>
        <source>Reading the weights of {model}…</source>
        <translation>正在读取 {model} 的权重…</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>Saving the converted model…</source>
        <translation>正在保存转换后的模型…</translation>
    </message>
    <message>
        <source>Something went wrong: {error}</source>
        <translation>出错了：{error}</translation>
    </message>
    <message>
        <source>Stopped after {kept} of {total} sentences; translate the same file again to continue where it stopped.</source>
        <translation>已在 {kept}/{total} 个句子后停止；再次翻译同一文件即可从中断处继续。</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message>
        <source>Stopped; the answer so far is kept.</source>
        <translation>已停止；已生成的回答会保留。</translation>
    </message>
    <message>
        <source>Suggesting labels needs an embedding model; &apos;{model}&apos; is not one.</source>
        <translation>建议标签需要嵌入模型；“{model}”不是嵌入模型。</translation>
    </message>
    <message>
        <source>Suggesting labels needs at least {least} readable files; {count} could be read.</source>
        <translation>建议标签至少需要 {least} 个可读取的文件；只读取到 {count} 个。</translation>
    </message>
    <message>
        <source>Teaching by example needs an embedding model; &apos;{model}&apos; is not one.</source>
        <translation>示例教学需要嵌入模型；“{model}”不是嵌入模型。</translation>
    </message>
    <message>
        <source>Teaching needs examples for at least two labels (one subfolder per label).</source>
        <translation>教学至少需要两个标签的示例（每个标签一个子文件夹）。</translation>
    </message>
    <message>
        <source>Teaching needs readable examples for at least two labels.</source>
        <translation>教学至少需要两个标签的可读示例。</translation>
    </message>
    <message>
        <source>The AI libraries could not be loaded: {error}</source>
        <translation>无法加载 AI 库：{error}</translation>
    </message>
    <message>
        <source>The CA file {path} does not exist.</source>
        <translation>CA 文件 {path} 不存在。</translation>
    </message>
    <message>
        <source>The CA file {path} of {server} could not be read.</source>
        <translation>无法读取 {server} 的 CA 文件 {path}。</translation>
    </message>
    <message>
        <source>The Markdown file</source>
        <translation>该 Markdown 文件</translation>
    </message>
    <message>
        <source>The answer length must be at least one token.</source>
        <translation>回答长度至少为一个词元。</translation>
    </message>
    <message>
        <source>The certificate of {server} ({url}) could not be verified: {reason}. Give its CA file when adding it.</source>
        <translation>无法验证 {server}（{url}）的证书：{reason}。添加服务器时请提供其 CA 文件。</translation>
    </message>
    <message>
        <source>The chat history cannot be updated to this version of the program: the folder {folder} is read-only.</source>
        <translation>无法将聊天记录更新到此版本的程序：文件夹 {folder} 是只读的。</translation>
    </message>
    <message>
        <source>The chat history cannot be written: the folder {folder} is read-only.</source>
        <translation>无法写入聊天记录：文件夹 {folder} 是只读的。</translation>
    </message>
    <message>
        <source>The chat history could not be read or written (a disk error); try again.</source>
        <translation>无法读取或写入聊天记录（磁盘错误）；请重试。</translation>
    </message>
    <message>
        <source>The chat history could not be read or written: {error}.</source>
        <translation>无法读取或写入聊天记录：{error}。</translation>
    </message>
    <message>
        <source>The chat history file is damaged ({error}); it is checked and kept aside when the program starts next.</source>
        <translation>聊天记录文件已损坏（{error}）；程序下次启动时会检查它并另存一份。</translation>
    </message>
    <message>
        <source>The chat history file was damaged ({error}). It was kept as {name} and a new history was started.</source>
        <translation>聊天记录文件已损坏（{error}）。它已保存为 {name}，并开始了新的聊天记录。</translation>
    </message>
    <message>
        <source>The chat history is closed.</source>
        <translation>聊天记录已关闭。</translation>
    </message>
    <message>
        <source>The chat history is locked by another program (waited {seconds} seconds); try again when it is done.</source>
        <translation>聊天记录被另一个程序锁定（已等待 {seconds} 秒）；请在该程序完成后重试。</translation>
    </message>
    <message>
        <source>The chat history was written by a newer version of the program; it is used as it is.</source>
        <translation>聊天记录由较新版本的程序写入；将按原样使用。</translation>
    </message>
    <message>
        <source>The chat history {path} cannot be opened: check that its folder exists and can be written.</source>
        <translation>无法打开聊天记录 {path}：请检查其文件夹是否存在且可写入。</translation>
    </message>
    <message>
        <source>The classifier &apos;{name}&apos; is damaged ({error}).</source>
        <translation>分类器“{name}”已损坏（{error}）。</translation>
    </message>
    <message>
        <source>The classifier &apos;{name}&apos; is damaged ({error}); train it again.</source>
        <translation>分类器“{name}”已损坏（{error}）；请重新训练。</translation>
    </message>
    <message>
        <source>The classifier &apos;{name}&apos; needs an embedding model; &apos;{model}&apos; is not one.</source>
        <translation>分类器“{name}”需要嵌入模型；“{model}”不是嵌入模型。</translation>
    </message>
    <message>
        <source>The classifier &apos;{name}&apos; was saved by another version of the program; train it again.</source>
        <translation>分类器“{name}”由其他版本的程序保存；请重新训练。</translation>
    </message>
    <message>
        <source>The classifier &apos;{name}&apos; was trained with &apos;{trained_with}&apos;; choose that model to extend it.</source>
        <translation>分类器“{name}”是用“{trained_with}”训练的；请选择该模型来扩展它。</translation>
    </message>
    <message>
        <source>The classifier &apos;{name}&apos; was trained with the embedding model &apos;{trained_with}&apos;, not &apos;{model}&apos;. Choose that model, or train the classifier again.</source>
        <translation>分类器“{name}”是用嵌入模型“{trained_with}”训练的，而不是“{model}”。请选择该模型，或重新训练分类器。</translation>
    </message>
    <message>
        <source>The classifier &apos;{name}&apos; was tuned from another embedding model; train it again.</source>
        <translation>分类器“{name}”是从另一个嵌入模型微调而来的；请重新训练。</translation>
    </message>
    <message>
        <source>The column &apos;{column}&apos; of {name} is empty.</source>
        <translation>{name} 的“{column}”列是空的。</translation>
    </message>
    <message>
        <source>The connection to {server} broke off midway: the answer so far is kept, incomplete.</source>
        <translation>与 {server} 的连接中途断开：已保留目前的回答，但不完整。</translation>
    </message>
    <message>
        <source>The conversation is longer than the model can read: {count} early exchange(s) left out.</source>
        <translation>对话超出了模型能读取的长度：省略了前面 {count} 轮问答。</translation>
    </message>
    <message>
        <source>The converted weights of {file} did not read back the same; nothing was kept.</source>
        <translation>{file} 转换后的权重读回时与原来不一致；没有保留任何内容。</translation>
    </message>
    <message>
        <source>The device &apos;{device}&apos; is not available on this computer (found: {found}).</source>
        <translation>此电脑上没有设备“{device}”（找到的设备：{found}）。</translation>
    </message>
    <message>
        <source>The disk filled up while converting {file} to safetensors; nothing was written and the original is kept. Free some space and try again.</source>
        <translation>将 {file} 转换为 safetensors 时磁盘已满；没有写入任何内容，原文件保留。请释放一些空间后重试。</translation>
    </message>
    <message>
        <source>The disk filled up while converting {name}; nothing was kept. Free some space and try again.</source>
        <translation>转换 {name} 时磁盘已满；没有保留任何内容。请释放一些空间后重试。</translation>
    </message>
    <message>
        <source>The disk filled up while downloading {file} of {id}. {kept} are kept: free some space and download again to go on from there.</source>
        <translation>下载 {id} 的 {file} 时磁盘已满。已保留 {kept}：请释放一些空间后再次下载，将从中断处继续。</translation>
    </message>
    <message>
        <source>The disk that holds the chat history is full: free some space and try again.</source>
        <translation>存放聊天记录的磁盘已满：请释放一些空间后重试。</translation>
    </message>
    <message>
        <source>The disk that holds the chat history is full: the saved conversations are shown, but nothing new can be saved until some space is freed.</source>
        <translation>存放聊天记录的磁盘已满：已保存的对话仍会显示，但在释放空间之前无法保存任何新内容。</translation>
    </message>
    <message>
        <source>The document index was damaged and is being rebuilt.</source>
        <translation>文档索引已损坏，正在重建。</translation>
    </message>
    <message>
        <source>The document index was made with a different embedding model: rebuilding it.</source>
        <translation>文档索引是用另一个嵌入模型建立的：正在重建。</translation>
    </message>
    <message>
        <source>The document-search model chosen on the Models page ({model}) is no longer installed: the automatic choice was used.</source>
        <translation>在“模型”页选择的文档搜索模型（{model}）已不再安装：已改用自动选择。</translation>
    </message>
    <message>
        <source>The download of {id} failed: {error}</source>
        <translation>下载 {id} 失败：{error}</translation>
    </message>
    <message>
        <source>The examples folder {folder} does not exist.</source>
        <translation>示例文件夹 {folder} 不存在。</translation>
    </message>
    <message>
        <source>The examples folder {folder} has no subfolders with files: make one subfolder per label.</source>
        <translation>示例文件夹 {folder} 中没有包含文件的子文件夹：请为每个标签建一个子文件夹。</translation>
    </message>
    <message>
        <source>The file</source>
        <translation>该文件</translation>
    </message>
    <message>
        <source>The file has no list of messages.</source>
        <translation>该文件没有消息列表。</translation>
    </message>
    <message>
        <source>The file is not valid JSON ({error}).</source>
        <translation>该文件不是有效的 JSON（{error}）。</translation>
    </message>
    <message>
        <source>The file was exported by a newer version of the program; update it to import this file.</source>
        <translation>该文件由较新版本的程序导出；请更新程序后再导入此文件。</translation>
    </message>
    <message>
        <source>The folder {folder} cannot be written to (permission denied).</source>
        <translation>无法写入文件夹 {folder}（权限被拒绝）。</translation>
    </message>
    <message>
        <source>The folder {folder} does not exist: create it first or choose another place.</source>
        <translation>文件夹 {folder} 不存在：请先创建它，或选择其他位置。</translation>
    </message>
    <message>
        <source>The folder {folder} is read-only: the saved conversations are shown, but nothing new can be saved there.</source>
        <translation>文件夹 {folder} 是只读的：已保存的对话仍会显示，但无法在其中保存任何新内容。</translation>
    </message>
    <message>
        <source>The glossary file {path} cannot be read: {reason}</source>
        <translation>无法读取术语表文件 {path}：{reason}</translation>
    </message>
    <message>
        <source>The glossary file {path} is not UTF-8 text.</source>
        <translation>术语表文件 {path} 不是 UTF-8 文本。</translation>
    </message>
    <message>
        <source>The glossary {path} cannot be read: {reason}</source>
        <translation>无法读取术语表 {path}：{reason}</translation>
    </message>
    <message>
        <source>The hub answered with an error for {id}: {error}</source>
        <translation>模型库对 {id} 返回了错误：{error}</translation>
    </message>
    <message>
        <source>The hub gave no checksum for {file}; it cannot be verified, so it is not fetched.</source>
        <translation>模型库没有提供 {file} 的校验和；无法验证，因此不下载该文件。</translation>
    </message>
    <message>
        <source>The hub gave no file list for {id} at &apos;{revision}&apos;.</source>
        <translation>模型库没有提供 {id} 在“{revision}”版本的文件列表。</translation>
    </message>
    <message>
        <source>The hub says it has had too many requests from this computer; it asks to wait {seconds} s. Try again later.</source>
        <translation>hub 表示这台电脑的请求过多，要求等待 {seconds} 秒。请稍后再试。</translation>
    </message>
    <message>
        <source>The hub&apos;s checksum for {file} changed during the download; try again.</source>
        <translation>下载期间模型库中 {file} 的校验和发生了变化；请重试。</translation>
    </message>
    <message>
        <source>The job &apos;{id}&apos; is damaged ({error}).</source>
        <translation>任务“{id}”已损坏（{error}）。</translation>
    </message>
    <message>
        <source>The job &apos;{id}&apos; stored relative paths (an older version); its files are looked for under {folder}.</source>
        <translation>任务“{id}”保存的是相对路径（旧版本所写）；将在 {folder} 下查找其文件。</translation>
    </message>
    <message>
        <source>The job &apos;{id}&apos; was started by an older version, which stored its files&apos; paths relative to the folder it was started in without recording that folder, and none of them is under {folder}. Run the resume from the folder where the job was started.</source>
        <translation>任务“{id}”由旧版本启动，它按启动时所在的文件夹保存了文件的相对路径，却没有记录该文件夹，而 {folder} 下找不到其中任何文件。请在启动该任务时所在的文件夹中继续运行。</translation>
    </message>
    <message>
        <source>The largest file to read must be more than 0 MB.</source>
        <translation>可读取的最大文件必须大于 0 MB。</translation>
    </message>
    <message>
        <source>The log of run &apos;{id}&apos; is damaged: it has no header.</source>
        <translation>整理记录“{id}”的日志已损坏：缺少文件头。</translation>
    </message>
    <message>
        <source>The model &apos;{model}&apos; ({kind}) cannot do {task}. Pick another on the Models page.</source>
        <translation>模型“{model}”（{kind}）不能用于{task}。请在“模型”页面选择其他模型。</translation>
    </message>
    <message>
        <source>The model &apos;{model}&apos; cannot be loaded: {problem}</source>
        <translation>无法加载模型“{model}”：{problem}</translation>
    </message>
    <message>
        <source>The model &apos;{model}&apos; could not be loaded: it looks damaged or incomplete ({error}).</source>
        <translation>无法加载模型“{model}”：它似乎已损坏或不完整（{error}）。</translation>
    </message>
    <message>
        <source>The model &apos;{model}&apos; does not know {languages}. Pick another on the Models page.</source>
        <translation>模型“{model}”不支持 {languages}。请在“模型”页面选择其他模型。</translation>
    </message>
    <message>
        <source>The model folder {path} does not exist or holds no model. Pick another on the Models page.</source>
        <translation>模型文件夹 {path} 不存在或其中没有模型。请在“模型”页面选择其他模型。</translation>
    </message>
    <message>
        <source>The model folder {path} is damaged: {problem}</source>
        <translation>模型文件夹 {path} 已损坏：{problem}</translation>
    </message>
    <message>
        <source>The model folder {path} no longer exists. Pick another model on the Models page.</source>
        <translation>模型文件夹 {path} 已不存在。请在“模型”页面选择其他模型。</translation>
    </message>
    <message>
        <source>The model needs a name made of letters, digits, &apos;.&apos;, &apos;-&apos; or &apos;_&apos;.</source>
        <translation>模型名称只能包含字母、数字、“.”、“-”或“_”。</translation>
    </message>
    <message>
        <source>The model ran out of memory. Try int8 precision, a smaller model, shorter text, or unload other models.</source>
        <translation>模型内存不足。请尝试 int8 精度、更小的模型、更短的文本，或卸载其他模型。</translation>
    </message>
    <message>
        <source>The proxy {proxy} refused the connection to {where} ({error}). Check the proxy in Settings, or ask whoever runs it to let the model hub through.</source>
        <translation>代理 {proxy} 拒绝了到 {where} 的连接（{error}）。请在“设置”中检查代理，或请代理的管理者放行模型 hub。</translation>
    </message>
    <message>
        <source>The question is too long for this model ({tokens:,} tokens; it reads at most {limit:,} and needs room for the answer). Shorten it.</source>
        <translation>问题对此模型来说太长了（{tokens:,} 个词元；它最多读取 {limit:,} 个，还需要给回答留出空间）。请缩短问题。</translation>
    </message>
    <message>
        <source>The repetition penalty must be more than 0 (1 is off).</source>
        <translation>重复惩罚必须大于 0（1 表示关闭）。</translation>
    </message>
    <message>
        <source>The requests went through the proxy {proxy}.</source>
        <translation>请求经过了代理 {proxy}。</translation>
    </message>
    <message>
        <source>The run &apos;{id}&apos; logged relative paths (an older version); its files are looked for under {folder}.</source>
        <translation>运行“{id}”记录的是相对路径（旧版本所写）；将在 {folder} 下查找其文件。</translation>
    </message>
    <message>
        <source>The run &apos;{id}&apos; was already undone.</source>
        <translation>整理记录“{id}”已经撤销过了。</translation>
    </message>
    <message>
        <source>The run &apos;{id}&apos; was logged by an older version, which stored its files&apos; paths relative to the folder it ran in without recording that folder, and none of its files is under {folder}. Run the undo again from the folder you organized from; nothing was changed.</source>
        <translation>运行“{id}”由旧版本记录，它按运行时所在的文件夹保存了文件的相对路径，却没有记录该文件夹，而 {folder} 下找不到其中任何文件。请在整理时所在的文件夹中再次撤销；没有做任何更改。</translation>
    </message>
    <message>
        <source>The storage server refused {file} of {id} (HTTP {status}) even with a fresh link from the hub; what was fetched is kept. Try again later.</source>
        <translation>即使使用 hub 给出的新链接，存储服务器仍拒绝提供 {id} 的 {file}（HTTP {status}）；已获取的部分会保留。请稍后再试。</translation>
    </message>
    <message>
        <source>The temperature must be 0 or more (0 gives the same answer each time).</source>
        <translation>温度必须不小于 0（0 表示每次给出相同的回答）。</translation>
    </message>
    <message>
        <source>The text is set to {language}, the language it should be translated into. Choose another source or target language.</source>
        <translation>文本的语言被设为 {language}，与要翻译成的语言相同。请选择其他源语言或目标语言。</translation>
    </message>
    <message>
        <source>The text looks like {language} ({confidence:.0%}), the language it should be translated into. Choose another source or target language.</source>
        <translation>文本看起来是 {language}（{confidence:.0%}），与要翻译成的语言相同。请选择其他源语言或目标语言。</translation>
    </message>
    <message>
        <source>The text looks like {language} ({confidence:.0%}). {missing} Or choose the source language yourself.</source>
        <translation>文本看起来是 {language}（{confidence:.0%}）。{missing}或者自行选择源语言。</translation>
    </message>
    <message>
        <source>The {what} is too long ({length:,} characters; the limit is {limit:,}). Split it into parts or use a file.</source>
        <translation>{what}太长了（{length:,} 个字符；上限为 {limit:,}）。请分成几部分，或使用文件。</translation>
    </message>
    <message>
        <source>There are no classified files to organize.</source>
        <translation>没有可整理的已分类文件。</translation>
    </message>
    <message>
        <source>There are no texts to score.</source>
        <translation>没有要评分的文本。</translation>
    </message>
    <message>
        <source>There is no classification job &apos;{id}&apos; to resume.</source>
        <translation>没有可继续的分类任务“{id}”。</translation>
    </message>
    <message>
        <source>There is no conversation &apos;{id}&apos;. `assistant history list` shows them.</source>
        <translation>没有对话“{id}”。可用 `assistant history list` 查看所有对话。</translation>
    </message>
    <message>
        <source>There is no message {id}.</source>
        <translation>没有消息 {id}。</translation>
    </message>
    <message>
        <source>There is no model called {id} on {where} (or it is private).</source>
        <translation>{where} 上没有名为 {id} 的模型（或它是私有的）。</translation>
    </message>
    <message>
        <source>There is no organize run &apos;{id}&apos; to undo.</source>
        <translation>没有可撤销的整理记录“{id}”。</translation>
    </message>
    <message>
        <source>There is no question to answer: type one first.</source>
        <translation>没有要回答的问题：请先输入一个问题。</translation>
    </message>
    <message>
        <source>There is no text to embed.</source>
        <translation>没有要嵌入的文本。</translation>
    </message>
    <message>
        <source>There is no trained classifier named &apos;{name}&apos;.</source>
        <translation>没有名为“{name}”的已训练分类器。</translation>
    </message>
    <message>
        <source>There is no {what} to work on: type or paste some first.</source>
        <translation>没有可处理的{what}：请先输入或粘贴一些内容。</translation>
    </message>
    <message>
        <source>There is nothing to classify: paste some text or add files.</source>
        <translation>没有要分类的内容：请粘贴一些文本或添加文件。</translation>
    </message>
    <message>
        <source>This conversation is being answered in another window or command; wait until it is done, or start a new chat.</source>
        <translation>另一个窗口或命令正在回答此对话；请等待其完成，或开始新的聊天。</translation>
    </message>
    <message>
        <source>Too many texts at once ({count:,}; the limit is {limit:,}): send them in parts.</source>
        <translation>一次的文本太多（{count:,} 条；上限为 {limit:,} 条）：请分批发送。</translation>
    </message>
    <message>
        <source>Top-p must be more than 0 and at most 1.</source>
        <translation>Top-p 必须大于 0 且不超过 1。</translation>
    </message>
    <message>
        <source>Training and cross-validating…</source>
        <translation>正在训练并交叉验证…</translation>
    </message>
    <message>
        <source>Tuning the embedding model: step {done} of {total}</source>
        <translation>正在微调嵌入模型：第 {done} 步，共 {total} 步</translation>
    </message>
    <message>
        <source>Undoing: {done} of {total}</source>
        <translation>正在撤销：{done}/{total}</translation>
    </message>
    <message>
        <source>Unknown mode &apos;{mode}&apos;: use move or copy.</source>
        <translation>未知模式“{mode}”：请使用 move 或 copy。</translation>
    </message>
    <message>
        <source>Unknown precision &apos;{dtype}&apos; (choose one of {choices}).</source>
        <translation>未知精度“{dtype}”（请从 {choices} 中选择）。</translation>
    </message>
    <message>
        <source>Waiting: {model} is loading…</source>
        <translation>等待中：正在加载 {model}…</translation>
    </message>
    <message>
        <source>Where huggingface.co cannot be reached, choose the mirror hf-mirror.com as the hub address in Settings (or --hub-endpoint hf-mirror on the command line).</source>
        <translation>如果无法访问 huggingface.co，可在“设置”中将 hub 地址改为镜像 hf-mirror.com（命令行中使用 --hub-endpoint hf-mirror）。</translation>
    </message>
    <message>
        <source>a link: left where it is</source>
        <translation>是链接：保留在原处</translation>
    </message>
    <message>
        <source>already in its label folder</source>
        <translation>已在其标签文件夹中</translation>
    </message>
    <message>
        <source>binary file, not text</source>
        <translation>二进制文件，不是文本</translation>
    </message>
    <message>
        <source>cannot be read ({reason})</source>
        <translation>无法读取（{reason}）</translation>
    </message>
    <message>
        <source>chat</source>
        <translation>聊天</translation>
    </message>
    <message>
        <source>classify</source>
        <translation>分类</translation>
    </message>
    <message>
        <source>config.json in {folder} cannot be read ({reason}).</source>
        <translation>无法读取 {folder} 中的 config.json（{reason}）。</translation>
    </message>
    <message>
        <source>config.json in {folder} is not a JSON object: the file is damaged.</source>
        <translation>{folder} 中的 config.json 不是 JSON 对象：文件已损坏。</translation>
    </message>
    <message>
        <source>config.json in {folder} is not text: the file is damaged.</source>
        <translation>{folder} 中的 config.json 不是文本：文件已损坏。</translation>
    </message>
    <message>
        <source>config.json in {folder} is not valid JSON ({error}): the file is damaged or was cut short.</source>
        <translation>{folder} 中的 config.json 不是有效的 JSON（{error}）：文件已损坏或不完整。</translation>
    </message>
    <message>
        <source>config.json is not a JSON object</source>
        <translation>config.json 不是 JSON 对象</translation>
    </message>
    <message>
        <source>could not be put back: {reason}</source>
        <translation>无法放回原处：{reason}</translation>
    </message>
    <message>
        <source>damaged RTF file ({error})</source>
        <translation>RTF 文件已损坏（{error}）</translation>
    </message>
    <message>
        <source>damaged e-mail file ({error})</source>
        <translation>电子邮件文件已损坏（{error}）</translation>
    </message>
    <message>
        <source>damaged or encrypted {kind} file ({error})</source>
        <translation>{kind} 文件已损坏或已加密（{error}）</translation>
    </message>
    <message>
        <source>damaged or unsupported PDF ({error})</source>
        <translation>PDF 已损坏或不受支持（{error}）</translation>
    </message>
    <message>
        <source>damaged {kind} file (not a valid zip archive)</source>
        <translation>{kind} 文件已损坏（不是有效的 zip 压缩包）</translation>
    </message>
    <message>
        <source>damaged {kind} file ({error})</source>
        <translation>{kind} 文件已损坏（{error}）</translation>
    </message>
    <message>
        <source>damaged {kind} file ({name} is missing)</source>
        <translation>{kind} 文件已损坏（缺少 {name}）</translation>
    </message>
    <message>
        <source>documents</source>
        <translation>文档</translation>
    </message>
    <message>
        <source>embed</source>
        <translation>嵌入</translation>
    </message>
    <message>
        <source>empty text</source>
        <translation>文本为空</translation>
    </message>
    <message>
        <source>examples</source>
        <translation>个示例</translation>
    </message>
    <message>
        <source>expected an object with a list &quot;models&quot;</source>
        <translation>应为包含 &quot;models&quot; 列表的对象</translation>
    </message>
    <message>
        <source>extractive qa</source>
        <translation>抽取式问答</translation>
    </message>
    <message>
        <source>files</source>
        <translation>个文件</translation>
    </message>
    <message>
        <source>int8 (dynamic quantization) runs on the CPU only: choose the CPU, or another precision for the GPU.</source>
        <translation>int8（动态量化）只能在 CPU 上运行：请选择 CPU，或为 GPU 选择其他精度。</translation>
    </message>
    <message>
        <source>int8 was not used: it changed the model too much (likelihood of a test text {change:+.1%}, {agreement:.0%} of answer tokens the same; needs at most +{limit:.0%} and {needed:.0%}).</source>
        <translation>未使用 int8：它对模型改变太大（测试文本的似然变化 {change:+.1%}，回答词元相同的比例 {agreement:.0%}；要求最多 +{limit:.0%} 且至少 {needed:.0%}）。</translation>
    </message>
    <message>
        <source>int8 was not used: its check failed ({error}).</source>
        <translation>未使用 int8：其检查失败（{error}）。</translation>
    </message>
    <message>
        <source>it could not be converted ({error})</source>
        <translation>无法转换它（{error}）</translation>
    </message>
    <message>
        <source>it is a folder</source>
        <translation>它是一个文件夹</translation>
    </message>
    <message>
        <source>its folder does not exist</source>
        <translation>它所在的文件夹不存在</translation>
    </message>
    <message>
        <source>its safetensors branch {branch} was made from another commit, so it is not used; </source>
        <translation>其 safetensors 分支 {branch} 基于另一个提交生成，因此未使用；</translation>
    </message>
    <message>
        <source>lines</source>
        <translation>行</translation>
    </message>
    <message>
        <source>listed twice</source>
        <translation>列出了两次</translation>
    </message>
    <message>
        <source>models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>negative size</source>
        <translation>大小为负数</translation>
    </message>
    <message>
        <source>no details</source>
        <translation>没有详细信息</translation>
    </message>
    <message>
        <source>no longer there or not a regular file</source>
        <translation>已不存在或不是普通文件</translation>
    </message>
    <message>
        <source>not a readable Word document ({error})</source>
        <translation>不是可读取的 Word 文档（{error}）</translation>
    </message>
    <message>
        <source>not a regular file</source>
        <translation>不是普通文件</translation>
    </message>
    <message>
        <source>not an RTF file (it does not start with {\rtf)</source>
        <translation>不是 RTF 文件（开头不是 {\rtf）</translation>
    </message>
    <message>
        <source>not an e-mail message (no From, To or Subject header)</source>
        <translation>不是电子邮件（没有 From、To 或 Subject 头）</translation>
    </message>
    <message>
        <source>not an object</source>
        <translation>不是对象</translation>
    </message>
    <message>
        <source>not copied: {reason}</source>
        <translation>未复制：{reason}</translation>
    </message>
    <message>
        <source>not moved: {reason}</source>
        <translation>未移动：{reason}</translation>
    </message>
    <message>
        <source>nothing answers there (connection refused).</source>
        <translation>那里没有服务响应（连接被拒绝）。</translation>
    </message>
    <message>
        <source>organize</source>
        <translation>整理</translation>
    </message>
    <message>
        <source>passages</source>
        <translation>个段落</translation>
    </message>
    <message>
        <source>permission denied</source>
        <translation>没有权限</translation>
    </message>
    <message>
        <source>permission denied: the file cannot be opened</source>
        <translation>权限不足：无法打开该文件</translation>
    </message>
    <message>
        <source>put back as {name}: another file has its old name now</source>
        <translation>已放回为 {name}：原来的名称已被另一个文件占用</translation>
    </message>
    <message>
        <source>question</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>sentences</source>
        <translation>个句子</translation>
    </message>
    <message>
        <source>sentiment</source>
        <translation>情感分析</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>texts</source>
        <translation>条文本</translation>
    </message>
    <message>
        <source>the PDF has no text layer (a scan or images only)</source>
        <translation>该 PDF 没有文本层（是扫描件或只有图片）</translation>
    </message>
    <message>
        <source>the PDF is protected by a password</source>
        <translation>该 PDF 受密码保护</translation>
    </message>
    <message>
        <source>the copy differs from the original; the original was kept</source>
        <translation>副本与原文件不同；已保留原文件</translation>
    </message>
    <message>
        <source>the copy was changed since; it was kept</source>
        <translation>副本之后被修改过；已保留</translation>
    </message>
    <message>
        <source>the disk is full</source>
        <translation>磁盘已满</translation>
    </message>
    <message>
        <source>the disk is read-only</source>
        <translation>磁盘是只读的</translation>
    </message>
    <message>
        <source>the disk quota is used up</source>
        <translation>磁盘配额已用完</translation>
    </message>
    <message>
        <source>the document has no text</source>
        <translation>该文档没有文本</translation>
    </message>
    <message>
        <source>the e-mail body cannot be decoded ({error})</source>
        <translation>无法解码电子邮件正文（{error}）</translation>
    </message>
    <message>
        <source>the file has no text</source>
        <translation>该文件没有文本</translation>
    </message>
    <message>
        <source>the file no longer exists</source>
        <translation>该文件已不存在</translation>
    </message>
    <message>
        <source>the moved file is gone (deleted since?)</source>
        <translation>移动后的文件已不存在（之后被删除了？）</translation>
    </message>
    <message>
        <source>the name could not be found.</source>
        <translation>找不到该名称。</translation>
    </message>
    <message>
        <source>the name is too long for the disk</source>
        <translation>名称对该磁盘来说太长</translation>
    </message>
    <message>
        <source>the {kind} file contains an XML declaration that is not allowed here</source>
        <translation>该 {kind} 文件包含此处不允许的 XML 声明</translation>
    </message>
    <message>
        <source>the {kind} file holds too many parts ({count}; the limit is {limit})</source>
        <translation>该 {kind} 文件包含的部件过多（{count} 个；上限为 {limit} 个）</translation>
    </message>
    <message>
        <source>the {kind} file looks like a zip bomb: {name} unpacks to {ratio:.0f} times its size</source>
        <translation>该 {kind} 文件看起来像压缩炸弹：{name} 解压后是其大小的 {ratio:.0f} 倍</translation>
    </message>
    <message>
        <source>the {kind} file unpacks to more than {limit} MB of text</source>
        <translation>该 {kind} 文件解压后的文本超过 {limit} MB</translation>
    </message>
    <message>
        <source>tokens</source>
        <translation>词元</translation>
    </message>
    <message>
        <source>too large ({size:.1f} MB; the limit is {limit:.0f} MB)</source>
        <translation>太大（{size:.1f} MB；上限为 {limit:.0f} MB）</translation>
    </message>
    <message>
        <source>too long ({length:,} characters; the limit is {limit:,})</source>
        <translation>太长（{length:,} 个字符；上限为 {limit:,}）</translation>
    </message>
    <message>
        <source>train classifier</source>
        <translation>训练分类器</translation>
    </message>
    <message>
        <source>translate</source>
        <translation>翻译</translation>
    </message>
    <message>
        <source>unknown export format {format}; use one of {formats}</source>
        <translation>未知的导出格式 {format}；请使用 {formats} 之一</translation>
    </message>
    <message>
        <source>unknown family &apos;{family}&apos; (known: {known})</source>
        <translation>未知的模型系列“{family}”（已知：{known}）</translation>
    </message>
    <message>
        <source>unknown task &apos;{task}&apos; (known: {known})</source>
        <translation>未知任务“{task}”（已知：{known}）</translation>
    </message>
    <message>
        <source>unknown weights format &apos;{weights}&apos; (known: {known})</source>
        <translation>未知的权重格式“{weights}”（已知：{known}）</translation>
    </message>
    <message>
        <source>{code} is not a language code: use a two-letter code such as de, fr or zh.</source>
        <translation>{code} 不是语言代码：请使用两个字母的代码，例如 de、fr 或 zh。</translation>
    </message>
    <message>
        <source>{count:.1f} h</source>
        <translation>{count:.1f} 小时</translation>
    </message>
    <message>
        <source>{count} early exchange(s) left out by the setting &quot;History sent to the model&quot; (this chat&apos;s settings; --history-tokens on the command line, 0 = all the model can read).</source>
        <translation>设置“发送给模型的历史”省略了 {count} 轮较早的问答（在本对话的设置中修改；命令行用 --history-tokens，0 = 模型能读的全部）。</translation>
    </message>
    <message>
        <source>{count} min</source>
        <translation>{count} 分钟</translation>
    </message>
    <message>
        <source>{count} s</source>
        <translation>{count} 秒</translation>
    </message>
    <message>
        <source>{device} (not available)</source>
        <translation>{device}（不可用）</translation>
    </message>
    <message>
        <source>{done:,} of {total:,} files · {rate:.1f} files/s</source>
        <translation>{done:,}/{total:,} 个文件 · {rate:.1f} 个文件/秒</translation>
    </message>
    <message>
        <source>{done:,} of {total:,} files · {rate:.1f} files/s · about {left} left</source>
        <translation>{done:,}/{total:,} 个文件 · {rate:.1f} 个文件/秒 · 约剩 {left}</translation>
    </message>
    <message>
        <source>{done} of {total}</source>
        <translation>{done}/{total}</translation>
    </message>
    <message>
        <source>{done} of {total} lines</source>
        <translation>{done}/{total} 行</translation>
    </message>
    <message>
        <source>{done} of {total} sentences · {rate:.0f} words/s</source>
        <translation>{done}/{total} 个句子 · {rate:.0f} 词/秒</translation>
    </message>
    <message>
        <source>{earlier}; {later}</source>
        <translation>{earlier}；{later}</translation>
    </message>
    <message>
        <source>{file} could not be written as safetensors ({error}); nothing was kept.</source>
        <translation>无法将 {file} 写为 safetensors（{error}）；没有保留任何内容。</translation>
    </message>
    <message>
        <source>{file} holds more than model weights (Python objects that could run code when loaded), so the safe loader refused it and it was not converted. Use a model published as safetensors.</source>
        <translation>{file} 中不只有模型权重（还有加载时可能运行代码的 Python 对象），安全加载器拒绝了它，因此没有转换。请使用以 safetensors 格式发布的模型。</translation>
    </message>
    <message>
        <source>{file} is not a PyTorch weights file that can be read ({error}).</source>
        <translation>{file} 不是可读取的 PyTorch 权重文件（{error}）。</translation>
    </message>
    <message>
        <source>{file} is not a PyTorch weights file that can be read.</source>
        <translation>{file} 不是可读取的 PyTorch 权重文件。</translation>
    </message>
    <message>
        <source>{file} is not a set of named tensors, so it cannot be model weights.</source>
        <translation>{file} 不是一组具名张量，因此不可能是模型权重。</translation>
    </message>
    <message>
        <source>{file} of {id} arrived damaged (its checksum does not match the hub&apos;s); it was deleted and nothing was added to the cache. Download again.</source>
        <translation>{id} 的 {file} 下载后已损坏（校验和与模型库不符）；已将其删除，缓存中未添加任何内容。请重新下载。</translation>
    </message>
    <message>
        <source>{file} of {id} arrived with the wrong size; it was deleted. Download again.</source>
        <translation>{id} 的 {file} 下载后大小不对；已将其删除。请重新下载。</translation>
    </message>
    <message>
        <source>{file}: the hub&apos;s checksum &apos;{checksum}&apos; is of no known kind; the file is not used.</source>
        <translation>{file}：模型库的校验和“{checksum}”类型未知；不使用该文件。</translation>
    </message>
    <message>
        <source>{file}: {file_done} of {file_total}{speed}{resumed} (all files: {done} of {total})</source>
        <translation>{file}：{file_done}/{file_total}{speed}{resumed}（全部文件：{done}/{total}）</translation>
    </message>
    <message>
        <source>{folder} has no config.json: it is not a model folder.</source>
        <translation>{folder} 中没有 config.json：它不是模型文件夹。</translation>
    </message>
    <message>
        <source>{folder} holds no weights (no .safetensors file): the download or copy is incomplete.</source>
        <translation>{folder} 中没有权重（没有 .safetensors 文件）：下载或复制不完整。</translation>
    </message>
    <message>
        <source>{folder} holds only TensorFlow or Flax weights, which this program cannot load: get the PyTorch (safetensors) version.</source>
        <translation>{folder} 中只有 TensorFlow 或 Flax 权重，本程序无法加载：请获取 PyTorch（safetensors）版本。</translation>
    </message>
    <message>
        <source>{folder} holds only pickle weights ({file}), which can run code when they are loaded. Get the model&apos;s safetensors version, or allow pickle weights on the Models page if you trust it.</source>
        <translation>{folder} 中只有 pickle 权重（{file}），加载时可能执行代码。请获取该模型的 safetensors 版本；如果信任它，也可以在“模型”页面允许 pickle 权重。</translation>
    </message>
    <message>
        <source>{folder} is a file, not a folder: the output cannot be written inside it.</source>
        <translation>{folder} 是文件而不是文件夹：无法在其中写入输出。</translation>
    </message>
    <message>
        <source>{first} {then}</source>
        <translation>{first}{then}</translation>
    </message>
    <message>
        <source>{folder} has no pytorch_model.bin to convert.</source>
        <translation>{folder} 中没有可转换的 pytorch_model.bin。</translation>
    </message>
    <message>
        <source>{folder} has pickle weights only: a copy converted to safetensors with the safe loader is in {path}; the folder itself is unchanged.</source>
        <translation>{folder} 只有 pickle 格式的权重：已用安全加载器将其副本转换为 safetensors，保存在 {path}；原文件夹没有任何改动。</translation>
    </message>
    <message>
        <source>{folder} is a model of an architecture this program does not know (&apos;{type}&apos;); it may need a newer transformers, or code of its own, which is never run.</source>
        <translation>{folder} 是本程序不认识的架构的模型（“{type}”）；它可能需要更新版本的 transformers，或需要其自带的代码，而本程序从不运行此类代码。</translation>
    </message>
    <message>
        <source>{folder}: the folder no longer exists</source>
        <translation>{folder}：该文件夹已不存在</translation>
    </message>
    <message>
        <source>{folder}: {problem}</source>
        <translation>{folder}：{problem}</translation>
    </message>
    <message>
        <source>{id} has no config.json: it is not a transformers model.</source>
        <translation>{id} 没有 config.json：它不是 transformers 模型。</translation>
    </message>
    <message>
        <source>{id} has no model weights that this program can load (safetensors).</source>
        <translation>{id} 没有本程序能加载的模型权重（safetensors）。</translation>
    </message>
    <message>
        <source>{id} has no revision &apos;{revision}&apos;.</source>
        <translation>{id} 没有“{revision}”版本。</translation>
    </message>
    <message>
        <source>{id} has no safetensors weights, only {files}. Those pickle files can run code when loaded: allow other weight formats to fetch them anyway.</source>
        <translation>{id} 没有 safetensors 权重，只有 {files}。这些 pickle 文件在加载时可能执行代码：如仍要下载，请允许其他权重格式。</translation>
    </message>
    <message>
        <source>{id} is gated: accept its terms on the hub&apos;s web page, log in with `hf auth login`, then try again.</source>
        <translation>{id} 需要授权：请在模型库网页上接受其条款，用 `hf auth login` 登录，然后重试。</translation>
    </message>
    <message>
        <source>{id} publishes pickle weights only; its safetensors come from the hub&apos;s conversion branch {branch} (commit {commit}).</source>
        <translation>{id} 只发布了 pickle 格式的权重；其 safetensors 权重取自 hub 的转换分支 {branch}（提交 {commit}）。</translation>
    </message>
    <message>
        <source>{id} publishes pickle weights only; {why}they were converted to safetensors on this computer with the safe loader, and the pickle deleted.</source>
        <translation>{id} 只发布了 pickle 格式的权重；{why}已在这台电脑上用安全加载器将其转换为 safetensors，并删除了 pickle 文件。</translation>
    </message>
    <message>
        <source>{model} comes with the program and cannot be removed.</source>
        <translation>{model} 随程序提供，无法删除。</translation>
    </message>
    <message>
        <source>{model} has no code for {language}.</source>
        <translation>{model} 没有 {language} 的语言代码。</translation>
    </message>
    <message>
        <source>{model} is not in a folder this program manages ({path}); delete it yourself if you want it gone.</source>
        <translation>{model} 不在本程序管理的文件夹中（{path}）；如需删除，请自行删除。</translation>
    </message>
    <message>
        <source>{model} is ready.</source>
        <translation>{model} 已就绪。</translation>
    </message>
    <message>
        <source>{model} ran out of GPU memory ({placement}). Retry at a lower precision or on the CPU, or unload other models.</source>
        <translation>{model} 的 GPU 内存不足（{placement}）。请以更低精度或在 CPU 上重试，或卸载其他模型。</translation>
    </message>
    <message>
        <source>{model} runs in int8 from now on: it keeps its quality there.</source>
        <translation>{model} 从现在起以 int8 运行：质量得以保持。</translation>
    </message>
    <message>
        <source>{model} stays in float32: see the Models page for why.</source>
        <translation>{model} 继续使用 float32：原因见模型页。</translation>
    </message>
    <message>
        <source>{model} was not found in the Hugging Face cache at {folder}.</source>
        <translation>在 {folder} 的 Hugging Face 缓存中找不到 {model}。</translation>
    </message>
    <message>
        <source>{name} cannot be read ({reason}).</source>
        <translation>无法读取 {name}（{reason}）。</translation>
    </message>
    <message>
        <source>{name} cannot be read: {reason}.</source>
        <translation>无法读取 {name}：{reason}。</translation>
    </message>
    <message>
        <source>{name} cannot be translated: {reason}.</source>
        <translation>无法翻译 {name}：{reason}。</translation>
    </message>
    <message>
        <source>{name} has no column &apos;{column}&apos;. Its columns: {columns}.</source>
        <translation>{name} 没有“{column}”列。它的列有：{columns}。</translation>
    </message>
    <message>
        <source>{name} has no lines of text.</source>
        <translation>{name} 没有文本行。</translation>
    </message>
    <message>
        <source>{name} has no text to translate.</source>
        <translation>{name} 没有可翻译的文本。</translation>
    </message>
    <message>
        <source>{name} holds no &apos;## You&apos; / &apos;## Assistant&apos; sections of an exported conversation.</source>
        <translation>{name} 不包含导出对话的“## You”/“## Assistant”部分。</translation>
    </message>
    <message>
        <source>{name} is JSON, but not a conversation exported by this program.</source>
        <translation>{name} 是 JSON，但不是本程序导出的对话。</translation>
    </message>
    <message>
        <source>{name} is an HTML page without the conversation data of this program&apos;s export.</source>
        <translation>{name} 是 HTML 网页，但不含本程序导出的对话数据。</translation>
    </message>
    <message>
        <source>{name} is cut short or damaged: its header describes more data than the file holds. Download or copy it again.</source>
        <translation>{name} 不完整或已损坏：其文件头描述的数据多于文件实际包含的数据。请重新下载或复制。</translation>
    </message>
    <message>
        <source>{name} is not a CSV file, so it has no column &apos;{column}&apos;; each line is one text.</source>
        <translation>{name} 不是 CSV 文件，因此没有“{column}”列；每一行是一条文本。</translation>
    </message>
    <message>
        <source>{name} is not a GGUF file (it does not start with &apos;GGUF&apos;).</source>
        <translation>{name} 不是 GGUF 文件（开头不是“GGUF”）。</translation>
    </message>
    <message>
        <source>{name} is not an exported conversation (JSON, HTML or Markdown from this program).</source>
        <translation>{name} 不是导出的对话（本程序导出的 JSON、HTML 或 Markdown）。</translation>
    </message>
    <message>
        <source>{name} is not valid CSV: {error}.</source>
        <translation>{name} 不是有效的 CSV：{error}。</translation>
    </message>
    <message>
        <source>{name} needs a header row and at least one row of text.</source>
        <translation>{name} 需要一个标题行和至少一行文本。</translation>
    </message>
    <message>
        <source>{name}: only .txt, .md and .docx files can be translated into a new file.</source>
        <translation>{name}：只有 .txt、.md 和 .docx 文件可以翻译成新文件。</translation>
    </message>
    <message>
        <source>{name}: {reason}</source>
        <translation>{name}：{reason}</translation>
    </message>
    <message>
        <source>{option} is a score between 0 and 1, not {value}.</source>
        <translation>{option} 是 0 到 1 之间的分数，而不是 {value}。</translation>
    </message>
    <message>
        <source>{path} already exists. Choose another name, or allow replacing it.</source>
        <translation>{path} 已存在。请选择其他名称，或允许替换它。</translation>
    </message>
    <message>
        <source>{path} cannot be written: {reason}.</source>
        <translation>无法写入 {path}：{reason}。</translation>
    </message>
    <message>
        <source>{path} could not be written: {reason}.</source>
        <translation>未能写入 {path}：{reason}。</translation>
    </message>
    <message>
        <source>{path} does not exist.</source>
        <translation>{path} 不存在。</translation>
    </message>
    <message>
        <source>{path} has no pytorch_model.bin: there is nothing to convert.</source>
        <translation>{path} 中没有 pytorch_model.bin：没有可转换的内容。</translation>
    </message>
    <message>
        <source>{path} has safetensors weights already: add the folder as it is.</source>
        <translation>{path} 已有 safetensors 权重：请直接添加该文件夹。</translation>
    </message>
    <message>
        <source>{path} is a file, not a folder</source>
        <translation>{path} 是文件，不是文件夹</translation>
    </message>
    <message>
        <source>{path} is a file, not a folder: choose a folder to organize into.</source>
        <translation>{path} 是文件，不是文件夹：请选择一个要整理到的文件夹。</translation>
    </message>
    <message>
        <source>{path} is a file: pick the folder that holds config.json and the weights.</source>
        <translation>{path} 是一个文件：请选择包含 config.json 和权重的文件夹。</translation>
    </message>
    <message>
        <source>{path} is a folder: give the name of a file to write.</source>
        <translation>{path} 是一个文件夹：请给出要写入的文件名。</translation>
    </message>
    <message>
        <source>{path} is not a file.</source>
        <translation>{path} 不是文件。</translation>
    </message>
    <message>
        <source>{path} is the file being read: writing there would destroy it. Choose another output file.</source>
        <translation>{path} 正是被读取的文件：写入它会将其毁掉。请选择其他输出文件。</translation>
    </message>
    <message>
        <source>{path}: entry {number} skipped: {problem}</source>
        <translation>{path}：已跳过第 {number} 项：{problem}</translation>
    </message>
    <message>
        <source>{path}: unreadable catalog ({problem})</source>
        <translation>{path}：无法读取的模型目录（{problem}）</translation>
    </message>
    <message>
        <source>{problem} Change it on the Models page.</source>
        <translation>{problem}请在“模型”页面更改。</translation>
    </message>
    <message>
        <source>{problem} The translated sentences are kept: translate the same file again to write it.</source>
        <translation>{problem}已翻译的句子已保留：再次翻译同一文件即可写出。</translation>
    </message>
    <message>
        <source>{rate:.1f} {unit}/s</source>
        <translation>{rate:.1f} {unit}/秒</translation>
    </message>
    <message>
        <source>{rate:.1f} {unit}/s · {words:.0f} words/s</source>
        <translation>{rate:.1f} {unit}/秒 · {words:.0f} 词/秒</translation>
    </message>
    <message>
        <source>{server} asks to wait (rate limited): trying again in {seconds:.0f} s.</source>
        <translation>{server} 要求等待（请求频率受限）：{seconds:.0f} 秒后重试。</translation>
    </message>
    <message>
        <source>{server} did not answer in time ({url}).</source>
        <translation>{server} 未能及时响应（{url}）。</translation>
    </message>
    <message>
        <source>{server} did not give one embedding per text for &apos;{model}&apos;: is it an embedding model?</source>
        <translation>{server} 没有为“{model}”的每段文本返回一个嵌入向量：它是嵌入模型吗？</translation>
    </message>
    <message>
        <source>{server} had an error (HTTP {status}): {detail}</source>
        <translation>{server} 出错（HTTP {status}）：{detail}</translation>
    </message>
    <message>
        <source>{server} has no model &apos;{model}&apos; (HTTP 404): it may have been removed. Pick another.</source>
        <translation>{server} 上没有模型“{model}”（HTTP 404）：它可能已被移除。请选择其他模型。</translation>
    </message>
    <message>
        <source>{server} has no {path} (HTTP 404): is the address right?</source>
        <translation>{server} 上没有 {path}（HTTP 404）：地址正确吗？</translation>
    </message>
    <message>
        <source>{server} is rate limiting (HTTP 429): try again in {seconds:.0f} s.</source>
        <translation>{server} 正在限制请求频率（HTTP 429）：请在 {seconds:.0f} 秒后重试。</translation>
    </message>
    <message>
        <source>{server} is rate limiting (HTTP 429): try again later.</source>
        <translation>{server} 正在限制请求频率（HTTP 429）：请稍后重试。</translation>
    </message>
    <message>
        <source>{server} refused the request (HTTP {status}): the API key is wrong or missing.</source>
        <translation>{server} 拒绝了请求（HTTP {status}）：API 密钥错误或缺失。</translation>
    </message>
    <message>
        <source>{server} refused the request (HTTP {status}): {detail}</source>
        <translation>{server} 拒绝了请求（HTTP {status}）：{detail}</translation>
    </message>
    <message>
        <source>{server} sent an answer that is not JSON: is it an OpenAI-compatible server?</source>
        <translation>{server} 返回的内容不是 JSON：它是 OpenAI 兼容的服务器吗？</translation>
    </message>
    <message>
        <source>{server} sent nothing for {seconds:.0f} s and the answer was given up: what came is kept, incomplete.</source>
        <translation>{server} 在 {seconds:.0f} 秒内没有发送任何内容，已放弃回答：已收到的部分已保留，但不完整。</translation>
    </message>
    <message>
        <source>{server} stopped the answer with an error: {detail}</source>
        <translation>{server} 因错误中止了回答：{detail}</translation>
    </message>
    <message>
        <source>{url} is plain http to a public address and was not confirmed: add the server again.</source>
        <translation>{url} 是指向公网地址的明文 http，且未经确认：请重新添加该服务器。</translation>
    </message>
    <message>
        <source>{url} is plain http to an address outside this computer and its network: the key and the chats would travel unencrypted. Use https, or confirm plain http.</source>
        <translation>{url} 是指向本机及本地网络以外地址的明文 http：密钥和对话将以未加密方式传输。请使用 https，或确认使用明文 http。</translation>
    </message>
    <message>
        <source>{where} answered with a web page, not with the model hub&apos;s data: it is not a hub or mirror address, or a sign-in page is in the way. Check the hub address in Settings.</source>
        <translation>{where} 返回的是网页，而不是模型 hub 的数据：它不是 hub 或镜像地址，或者被登录页面拦住了。请在“设置”中检查 hub 地址。</translation>
    </message>
    <message>
        <source>Some settings had values of the wrong kind ({names}) and use their defaults now; the file as it was is kept as {kept}.</source>
        <translation>部分设置的值类型不正确（{names}），现已改用默认值；原文件已保留为 {kept}。</translation>
    </message>
    <message>
        <source>The settings file could not be read, so the defaults are used; it is kept as {kept}.</source>
        <translation>无法读取设置文件，因此使用默认设置；该文件已保留为 {kept}。</translation>
    </message>
    <message>
        <source>The settings file {path} could not be read, so the defaults are used.</source>
        <translation>无法读取设置文件 {path}，因此使用默认设置。</translation>
    </message>
</context>
<context>
    <name>DescriptionsDialog</name>
    <message>
        <source>Label descriptions</source>
        <translation>标签描述</translation>
    </message>
    <message>
        <source>Describe each label in a few words, or give example phrases separated by &apos;;&apos;. For example, for &apos;sports&apos;: football; tennis; match results.</source>
        <translation>用几个词描述每个标签，或给出用英文分号 (;) 分隔的示例短语。例如，对于“体育”：足球; 网球; 比赛结果。</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Description or example phrases</source>
        <translation>描述或示例短语</translation>
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
    <name>GlossaryDialog</name>
    <message>
        <source>Term</source>
        <translation>术语</translation>
    </message>
    <message>
        <source>Translation</source>
        <translation>译文</translation>
    </message>
    <message>
        <source>From</source>
        <translation>源语言</translation>
    </message>
    <message>
        <source>To</source>
        <translation>目标语言</translation>
    </message>
    <message>
        <source>Glossary</source>
        <translation>术语表</translation>
    </message>
    <message>
        <source>Terms that must be translated in a fixed way. From/To are language codes (e.g. en, de) or * for any. The model may still lose a term; the translation tab says when it did.</source>
        <translation>必须以固定方式翻译的术语。“源语言”和“目标语言”填写语言代码（例如 en、de），* 表示任意语言。模型仍可能漏掉某个术语；发生这种情况时，翻译标签页会提示。</translation>
    </message>
    <message>
        <source>Glossary terms</source>
        <translation>术语表条目</translation>
    </message>
    <message>
        <source>&amp;Add term</source>
        <translation>添加术语(&amp;A)</translation>
    </message>
    <message>
        <source>Add an empty row to fill in</source>
        <translation>添加一个空行以便填写</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>删除(&amp;R)</translation>
    </message>
    <message>
        <source>Remove the selected terms (Del)</source>
        <translation>删除所选术语 (Del)</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>导入(&amp;I)…</translation>
    </message>
    <message>
        <source>Add terms from a CSV/TSV file or lines &apos;term -&gt; translation&apos;</source>
        <translation>从 CSV/TSV 文件或“术语 -&gt; 译文”形式的文本行中添加术语</translation>
    </message>
    <message>
        <source>Import glossary</source>
        <translation>导入术语表</translation>
    </message>
    <message>
        <source>Glossary (*.csv *.tsv *.txt *.json)</source>
        <translation>术语表 (*.csv *.tsv *.txt *.json)</translation>
    </message>
    <message numerus="yes">
        <source>%n term(s) added from {file}.</source>
        <translation>
            <numerusform>已从 {file} 添加 %n 个术语。</numerusform>
        </translation>
    </message>
    <message>
        <source>The glossary could not be saved: {error}</source>
        <translation>无法保存术语表：{error}</translation>
    </message>
</context>
<context>
    <name>Languages</name>
    <message>
        <source>Detect language</source>
        <translation>自动检测语言</translation>
    </message>
    <message>
        <source>Afrikaans</source>
        <translation>南非荷兰语</translation>
    </message>
    <message>
        <source>Albanian</source>
        <translation>阿尔巴尼亚语</translation>
    </message>
    <message>
        <source>Amharic</source>
        <translation>阿姆哈拉语</translation>
    </message>
    <message>
        <source>Arabic</source>
        <translation>阿拉伯语</translation>
    </message>
    <message>
        <source>Armenian</source>
        <translation>亚美尼亚语</translation>
    </message>
    <message>
        <source>Azerbaijani</source>
        <translation>阿塞拜疆语</translation>
    </message>
    <message>
        <source>Basque</source>
        <translation>巴斯克语</translation>
    </message>
    <message>
        <source>Belarusian</source>
        <translation>白俄罗斯语</translation>
    </message>
    <message>
        <source>Bengali</source>
        <translation>孟加拉语</translation>
    </message>
    <message>
        <source>Bosnian</source>
        <translation>波斯尼亚语</translation>
    </message>
    <message>
        <source>Bulgarian</source>
        <translation>保加利亚语</translation>
    </message>
    <message>
        <source>Burmese</source>
        <translation>缅甸语</translation>
    </message>
    <message>
        <source>Catalan</source>
        <translation>加泰罗尼亚语</translation>
    </message>
    <message>
        <source>Chinese</source>
        <translation>中文</translation>
    </message>
    <message>
        <source>Croatian</source>
        <translation>克罗地亚语</translation>
    </message>
    <message>
        <source>Czech</source>
        <translation>捷克语</translation>
    </message>
    <message>
        <source>Danish</source>
        <translation>丹麦语</translation>
    </message>
    <message>
        <source>Dutch</source>
        <translation>荷兰语</translation>
    </message>
    <message>
        <source>English</source>
        <translation>英语</translation>
    </message>
    <message>
        <source>Esperanto</source>
        <translation>世界语</translation>
    </message>
    <message>
        <source>Estonian</source>
        <translation>爱沙尼亚语</translation>
    </message>
    <message>
        <source>Finnish</source>
        <translation>芬兰语</translation>
    </message>
    <message>
        <source>French</source>
        <translation>法语</translation>
    </message>
    <message>
        <source>Galician</source>
        <translation>加利西亚语</translation>
    </message>
    <message>
        <source>Georgian</source>
        <translation>格鲁吉亚语</translation>
    </message>
    <message>
        <source>German</source>
        <translation>德语</translation>
    </message>
    <message>
        <source>Greek</source>
        <translation>希腊语</translation>
    </message>
    <message>
        <source>Gujarati</source>
        <translation>古吉拉特语</translation>
    </message>
    <message>
        <source>Hausa</source>
        <translation>豪萨语</translation>
    </message>
    <message>
        <source>Hebrew</source>
        <translation>希伯来语</translation>
    </message>
    <message>
        <source>Hindi</source>
        <translation>印地语</translation>
    </message>
    <message>
        <source>Hungarian</source>
        <translation>匈牙利语</translation>
    </message>
    <message>
        <source>Icelandic</source>
        <translation>冰岛语</translation>
    </message>
    <message>
        <source>Indonesian</source>
        <translation>印度尼西亚语</translation>
    </message>
    <message>
        <source>Irish</source>
        <translation>爱尔兰语</translation>
    </message>
    <message>
        <source>Italian</source>
        <translation>意大利语</translation>
    </message>
    <message>
        <source>Japanese</source>
        <translation>日语</translation>
    </message>
    <message>
        <source>Kannada</source>
        <translation>卡纳达语</translation>
    </message>
    <message>
        <source>Kazakh</source>
        <translation>哈萨克语</translation>
    </message>
    <message>
        <source>Khmer</source>
        <translation>高棉语</translation>
    </message>
    <message>
        <source>Korean</source>
        <translation>韩语</translation>
    </message>
    <message>
        <source>Latvian</source>
        <translation>拉脱维亚语</translation>
    </message>
    <message>
        <source>Lithuanian</source>
        <translation>立陶宛语</translation>
    </message>
    <message>
        <source>Luxembourgish</source>
        <translation>卢森堡语</translation>
    </message>
    <message>
        <source>Macedonian</source>
        <translation>马其顿语</translation>
    </message>
    <message>
        <source>Malay</source>
        <translation>马来语</translation>
    </message>
    <message>
        <source>Malayalam</source>
        <translation>马拉雅拉姆语</translation>
    </message>
    <message>
        <source>Maltese</source>
        <translation>马耳他语</translation>
    </message>
    <message>
        <source>Marathi</source>
        <translation>马拉地语</translation>
    </message>
    <message>
        <source>Mongolian</source>
        <translation>蒙古语</translation>
    </message>
    <message>
        <source>Nepali</source>
        <translation>尼泊尔语</translation>
    </message>
    <message>
        <source>Norwegian</source>
        <translation>挪威语</translation>
    </message>
    <message>
        <source>Persian</source>
        <translation>波斯语</translation>
    </message>
    <message>
        <source>Polish</source>
        <translation>波兰语</translation>
    </message>
    <message>
        <source>Portuguese</source>
        <translation>葡萄牙语</translation>
    </message>
    <message>
        <source>Punjabi</source>
        <translation>旁遮普语</translation>
    </message>
    <message>
        <source>Romanian</source>
        <translation>罗马尼亚语</translation>
    </message>
    <message>
        <source>Russian</source>
        <translation>俄语</translation>
    </message>
    <message>
        <source>Serbian</source>
        <translation>塞尔维亚语</translation>
    </message>
    <message>
        <source>Sinhala</source>
        <translation>僧伽罗语</translation>
    </message>
    <message>
        <source>Slovak</source>
        <translation>斯洛伐克语</translation>
    </message>
    <message>
        <source>Slovenian</source>
        <translation>斯洛文尼亚语</translation>
    </message>
    <message>
        <source>Spanish</source>
        <translation>西班牙语</translation>
    </message>
    <message>
        <source>Swahili</source>
        <translation>斯瓦希里语</translation>
    </message>
    <message>
        <source>Swedish</source>
        <translation>瑞典语</translation>
    </message>
    <message>
        <source>Tagalog</source>
        <translation>他加禄语</translation>
    </message>
    <message>
        <source>Tamil</source>
        <translation>泰米尔语</translation>
    </message>
    <message>
        <source>Telugu</source>
        <translation>泰卢固语</translation>
    </message>
    <message>
        <source>Thai</source>
        <translation>泰语</translation>
    </message>
    <message>
        <source>Turkish</source>
        <translation>土耳其语</translation>
    </message>
    <message>
        <source>Ukrainian</source>
        <translation>乌克兰语</translation>
    </message>
    <message>
        <source>Urdu</source>
        <translation>乌尔都语</translation>
    </message>
    <message>
        <source>Uzbek</source>
        <translation>乌兹别克语</translation>
    </message>
    <message>
        <source>Vietnamese</source>
        <translation>越南语</translation>
    </message>
    <message>
        <source>Welsh</source>
        <translation>威尔士语</translation>
    </message>
    <message>
        <source>Zulu</source>
        <translation>祖鲁语</translation>
    </message>
</context>
<context>
    <name>LocalApi</name>
    <message>
        <source>Other machines may use the API only with a token: generate one in Settings.</source>
        <translation>其他机器只能凭令牌使用 API：请在设置中生成一个。</translation>
    </message>
    <message>
        <source>The local API could not start on port {port}: {reason}. Choose another port in Settings.</source>
        <translation>本地 API 无法在端口 {port} 上启动：{reason}。请在设置中选择其他端口。</translation>
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
        <source>Local API</source>
        <translation>本地 API</translation>
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
        <source>API: {address}</source>
        <translation>API：{address}</translation>
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
    <name>MemoryPanel</name>
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
        <source>Automatic (int8 for chat models on the CPU when it keeps their quality)</source>
        <translation>自动（在 CPU 上，对话模型在保持质量时使用 int8）</translation>
    </message>
    <message>
        <source>float32 (exact, largest)</source>
        <translation>float32（精确，占用最大）</translation>
    </message>
    <message>
        <source>bfloat16 (half the memory)</source>
        <translation>bfloat16（内存减半）</translation>
    </message>
    <message>
        <source>float16 (half the memory; GPU)</source>
        <translation>float16（内存减半；用于 GPU）</translation>
    </message>
    <message>
        <source>int8 dynamic quantization (CPU only; smallest, fastest on CPU)</source>
        <translation>int8 动态量化（仅限 CPU；最小，在 CPU 上最快）</translation>
    </message>
    <message>
        <source>Ask me (offer a retry at lower precision or on the CPU)</source>
        <translation>询问我（提供以较低精度或在 CPU 上重试的选项）</translation>
    </message>
    <message>
        <source>Retry at lower precision by itself (and say so)</source>
        <translation>自动以较低精度重试（并告知）</translation>
    </message>
    <message>
        <source>Retry on the CPU by itself (and say so)</source>
        <translation>自动在 CPU 上重试（并告知）</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>精度</translation>
    </message>
    <message>
        <source>Memory budget for loaded models</source>
        <translation>已加载模型的内存预算</translation>
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
        <source>When the GPU runs out of memory</source>
        <translation>GPU 内存不足时</translation>
    </message>
    <message>
        <source>Where models run</source>
        <translation>模型运行位置</translation>
    </message>
    <message>
        <source>Run models on</source>
        <translation>运行模型的设备</translation>
    </message>
    <message>
        <source>Keep models in memory up to</source>
        <translation>内存中保留模型的上限</translation>
    </message>
    <message>
        <source>Out of GPU memory</source>
        <translation>GPU 内存不足时</translation>
    </message>
    <message>
        <source>Use these for every model</source>
        <translation>对所有模型使用这些设置</translation>
    </message>
    <message>
        <source>Forget the device and precision chosen for single models (after running out of memory)</source>
        <translation>清除为单个模型选择的设备和精度（在内存不足后选择的）</translation>
    </message>
    <message>
        <source>Changes apply to the next model loaded. Least recently used models are unloaded when a new one would not fit in the budget. A model is never moved to another device without telling you.</source>
        <translation>更改将应用于下一个加载的模型。新模型超出预算时，会卸载最久未使用的模型。模型绝不会在不告知你的情况下被移到其他设备。</translation>
    </message>
    <message>
        <source>Model in memory</source>
        <translation>内存中的模型</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>内存</translation>
    </message>
    <message>
        <source>Models in memory</source>
        <translation>内存中的模型</translation>
    </message>
    <message>
        <source>No model in memory.</source>
        <translation>内存中没有模型。</translation>
    </message>
    <message>
        <source>Unload</source>
        <translation>卸载</translation>
    </message>
    <message>
        <source>Free the memory the selected model takes</source>
        <translation>释放所选模型占用的内存</translation>
    </message>
    <message>
        <source>Unload all</source>
        <translation>全部卸载</translation>
    </message>
    <message>
        <source>Free the memory of every loaded model</source>
        <translation>释放所有已加载模型占用的内存</translation>
    </message>
    <message>
        <source>Chosen for single models: {models}</source>
        <translation>为单个模型选择的设置：{models}</translation>
    </message>
    <message>
        <source>{used} in use of a {budget} budget.</source>
        <translation>已使用 {used}，预算 {budget}。</translation>
    </message>
</context>
<context>
    <name>ModelNames</name>
    <message>
        <source>causal LM</source>
        <translation>因果语言模型</translation>
    </message>
    <message>
        <source>translation</source>
        <translation>翻译</translation>
    </message>
    <message>
        <source>translation through English</source>
        <translation>经由英语翻译</translation>
    </message>
    <message>
        <source>sentiment classifier</source>
        <translation>情感分类器</translation>
    </message>
    <message>
        <source>NLI (zero-shot)</source>
        <translation>NLI（零样本）</translation>
    </message>
    <message>
        <source>text classifier</source>
        <translation>文本分类器</translation>
    </message>
    <message>
        <source>extractive QA</source>
        <translation>抽取式问答</translation>
    </message>
    <message>
        <source>embedding</source>
        <translation>嵌入</translation>
    </message>
    <message>
        <source>download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
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
    <name>ModelsPage</name>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Used for</source>
        <translation>用于</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>In memory</source>
        <translation>内存中</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>Installed</source>
        <translation>已安装</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Devices &amp;&amp; memory</source>
        <translation>设备和内存</translation>
    </message>
    <message>
        <source>Servers</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Installed models</source>
        <translation>已安装的模型</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <source>Use the models in a folder on this computer</source>
        <translation>使用本机某个文件夹中的模型</translation>
    </message>
    <message>
        <source>Import GGUF…</source>
        <translation>导入 GGUF…</translation>
    </message>
    <message>
        <source>Convert a GGUF chat model (llama.cpp format) to safetensors</source>
        <translation>将 GGUF 聊天模型（llama.cpp 格式）转换为 safetensors</translation>
    </message>
    <message>
        <source>Load</source>
        <translation>加载</translation>
    </message>
    <message>
        <source>Load the selected model into memory now</source>
        <translation>立即将所选模型加载到内存</translation>
    </message>
    <message>
        <source>Unload</source>
        <translation>卸载</translation>
    </message>
    <message>
        <source>Free the memory the selected model takes</source>
        <translation>释放所选模型占用的内存</translation>
    </message>
    <message>
        <source>Remove…</source>
        <translation>移除…</translation>
    </message>
    <message>
        <source>Delete the selected model from disk (a folder you added is only forgotten) (Del)</source>
        <translation>从磁盘删除所选模型（你添加的文件夹只会从列表中移除）(Del)</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>Show where the selected model lives</source>
        <translation>显示所选模型所在的位置</translation>
    </message>
    <message>
        <source>Rescan</source>
        <translation>重新扫描</translation>
    </message>
    <message>
        <source>Look for models again (F5)</source>
        <translation>重新查找模型 (F5)</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop the import, load or removal under way</source>
        <translation>停止正在进行的导入、加载或移除</translation>
    </message>
    <message>
        <source>Model used by each tab</source>
        <translation>各标签页使用的模型</translation>
    </message>
    <message>
        <source>Model for the {tab} tab</source>
        <translation>“{tab}”标签页使用的模型</translation>
    </message>
    <message>
        <source>Model for document search</source>
        <translation>文档搜索所用的模型</translation>
    </message>
    <message>
        <source>The embedding model that finds the passages of attached documents; a server&apos;s model must offer /v1/embeddings.</source>
        <translation>用于在附加文档中查找段落的嵌入模型；服务器上的模型必须提供 /v1/embeddings。</translation>
    </message>
    <message>
        <source>Document search</source>
        <translation>文档搜索</translation>
    </message>
    <message>
        <source>Starter models come with the program. Download recommended models on the Download tab, or add any Hugging Face model folder (config.json + safetensors weights).</source>
        <translation>入门模型随程序附带。可在“下载”页下载推荐模型，或添加任意 Hugging Face 模型文件夹（config.json + safetensors 权重）。</translation>
    </message>
    <message>
        <source>Looking for models…</source>
        <translation>正在查找模型…</translation>
    </message>
    <message>
        <source>The chosen model {model} is gone; the tab uses the automatic choice until you pick another.</source>
        <translation>所选模型 {model} 已不存在；在你选择其他模型之前，该标签页将使用自动选择的模型。</translation>
    </message>
    <message numerus="yes">
        <source>%n model(s) found</source>
        <translation>
            <numerusform>找到 %n 个模型</numerusform>
        </translation>
    </message>
    <message>
        <source>{source} (prepared on first use)</source>
        <translation>{source}（首次使用时准备）</translation>
    </message>
    <message>
        <source>{source} at {commit}</source>
        <translation>{source}，提交 {commit}</translation>
    </message>
    <message>
        <source>{source}, commit {commit}</source>
        <translation>{source}，提交 {commit}</translation>
    </message>
    <message>
        <source>Select a model in the list first.</source>
        <translation>请先在列表中选择一个模型。</translation>
    </message>
    <message>
        <source>Loading {model}…</source>
        <translation>正在加载 {model}…</translation>
    </message>
    <message>
        <source>{model} is in memory ({placement}, {size}).</source>
        <translation>{model} 已在内存中（{placement}，{size}）。</translation>
    </message>
    <message>
        <source>Unloaded: {size} of memory freed.</source>
        <translation>已卸载：释放了 {size} 内存。</translation>
    </message>
    <message>
        <source>Another model operation is under way; wait for it or stop it.</source>
        <translation>另一个模型操作正在进行；请等待它完成或将其停止。</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <source>GGUF model file</source>
        <translation>GGUF 模型文件</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF 模型 (*.gguf);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Importing {file}…</source>
        <translation>正在导入 {file}…</translation>
    </message>
    <message>
        <source>Imported {model} ({size}) into {folder}.</source>
        <translation>已将 {model}（{size}）导入到 {folder}。</translation>
    </message>
    <message>
        <source>Delete {model} from disk? It frees about {size} ({folder}).</source>
        <translation>要从磁盘删除 {model} 吗？这将释放约 {size}（{folder}）。</translation>
    </message>
    <message>
        <source>Forget the folder that holds {model}? Its files stay on disk ({folder}).</source>
        <translation>要从列表中移除包含 {model} 的文件夹吗？其文件仍保留在磁盘上（{folder}）。</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Removing…</source>
        <translation>正在移除…</translation>
    </message>
    <message>
        <source>Removed {model}: {size} freed.</source>
        <translation>已移除 {model}：释放了 {size}。</translation>
    </message>
    <message>
        <source>Forgot {folder}; its files stay on disk.</source>
        <translation>已从列表中移除 {folder}；其文件仍保留在磁盘上。</translation>
    </message>
    <message>
        <source>Downloaded {model}. It is listed on the Installed tab and ready to use.</source>
        <translation>已下载 {model}。它已列在“已安装”页中，可以使用了。</translation>
    </message>
    <message>
        <source>Model folder (with config.json)</source>
        <translation>模型文件夹（含 config.json）</translation>
    </message>
    <message>
        <source>Converting {folder} to safetensors…</source>
        <translation>正在将 {folder} 转换为 safetensors…</translation>
    </message>
    <message>
        <source>No model found in {folder}: a model folder holds a config.json and its weights.</source>
        <translation>在 {folder} 中未找到模型：模型文件夹应包含 config.json 及其权重。</translation>
    </message>
</context>
<context>
    <name>OrganizeDialog</name>
    <message>
        <source>Organize into folders</source>
        <translation>整理到文件夹</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>Choose the folder to organize into</source>
        <translation>选择要整理到的文件夹</translation>
    </message>
    <message>
        <source>&amp;Move the files</source>
        <translation>移动文件(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Copy the files (the originals stay)</source>
        <translation>复制文件（保留原文件）(&amp;C)</translation>
    </message>
    <message>
        <source>One folder per label is made inside. Nothing is overwritten, unsure and unreadable files stay where they are, and the whole run can be undone. The next step shows what will happen.</source>
        <translation>将在其中为每个标签建立一个文件夹。不会覆盖任何文件，不确定和无法读取的文件保持原位，整个操作可以撤销。下一步会显示将要进行的操作。</translation>
    </message>
    <message>
        <source>Preview…</source>
        <translation>预览…</translation>
    </message>
    <message>
        <source>&amp;Into folder</source>
        <translation>目标文件夹(&amp;I)</translation>
    </message>
    <message>
        <source>Organize into</source>
        <translation>整理到</translation>
    </message>
</context>
<context>
    <name>PassageView</name>
    <message>
        <source>Passages that drove the label</source>
        <translation>决定标签的段落</translation>
    </message>
    <message>
        <source>Select a file to see the passages that decided its label.</source>
        <translation>选择一个文件，查看决定其标签的段落。</translation>
    </message>
    <message>
        <source>{name}: could not be read ({error}).</source>
        <translation>{name}：无法读取（{error}）。</translation>
    </message>
    <message numerus="yes">
        <source>(%n passages scored)</source>
        <translation>
            <numerusform>（已评分 %n 个段落）</numerusform>
        </translation>
    </message>
    <message>
        <source>Learning from all the files changed the label from {old} to {new}; the passages below pointed to {old}.</source>
        <translation>从全部文件中学习后，标签由 {old} 改为 {new}；下面的段落指向的是 {old}。</translation>
    </message>
</context>
<context>
    <name>PreviewDialog</name>
    <message numerus="yes">
        <source>Move %n file(s)?</source>
        <translation>
            <numerusform>移动 %n 个文件？</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Copy %n file(s)?</source>
        <translation>
            <numerusform>复制 %n 个文件？</numerusform>
        </translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Goes to</source>
        <translation>目标位置</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Where each file goes</source>
        <translation>每个文件的去向</translation>
    </message>
    <message>
        <source>stays: {why}</source>
        <translation>保持原位：{why}</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) will be moved.</source>
        <translation>
            <numerusform>将移动 %n 个文件。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) will be copied.</source>
        <translation>
            <numerusform>将复制 %n 个文件。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) get a new name because the name is taken.</source>
        <translation>
            <numerusform>%n 个文件因名称已被占用而改名。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) stay where they are.</source>
        <translation>
            <numerusform>%n 个文件保持原位。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Move %n file(s)</source>
        <translation>
            <numerusform>移动 %n 个文件</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Copy %n file(s)</source>
        <translation>
            <numerusform>复制 %n 个文件</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReliabilityChart</name>
    <message>
        <source>Reliability chart</source>
        <translation>可靠性图</translation>
    </message>
    <message>
        <source>How often the classifier was right on held-out examples, by its score:</source>
        <translation>分类器在留出示例上按分数划分的正确率：</translation>
    </message>
    <message>
        <source>{low}–{high}: right {right} of {examples}</source>
        <translation>{low}–{high}：{examples} 个中对了 {right} 个</translation>
    </message>
    <message>
        <source>The dashed line is where a score is honest.</source>
        <translation>虚线表示分数与实际正确率相符的位置。</translation>
    </message>
    <message>
        <source>score</source>
        <translation>分数</translation>
    </message>
    <message>
        <source>right</source>
        <translation>正确</translation>
    </message>
</context>
<context>
    <name>ResultsTable</name>
    <message>
        <source>Item</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>分数</translation>
    </message>
    <message>
        <source>All labels</source>
        <translation>所有标签</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Labelled</source>
        <translation>已标注</translation>
    </message>
    <message>
        <source>Unsure</source>
        <translation>不确定</translation>
    </message>
    <message>
        <source>Unreadable</source>
        <translation>无法读取</translation>
    </message>
    <message>
        <source>Corrected</source>
        <translation>已更正</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>unreadable</source>
        <translation>无法读取</translation>
    </message>
    <message>
        <source>unsure</source>
        <translation>不确定</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Enter or a double-click opens the file; F2 or a double-click on the label corrects it</source>
        <translation>按 Enter 或双击打开文件；按 F2 或双击标签可更正标签</translation>
    </message>
    <message>
        <source>waiting…</source>
        <translation>等待中…</translation>
    </message>
    <message>
        <source>Corrected by hand</source>
        <translation>已手动更正</translation>
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
    <name>SentimentTab</name>
    <message>
        <source>No sentiment model is installed, so this is an approximation: the text is compared with example phrases using the embedding model. Add a sentiment model on the Models page for better results.</source>
        <translation>未安装情感分析模型，因此这只是近似结果：用嵌入模型将文本与示例短语进行比较。在“模型”页添加情感分析模型可获得更好的结果。</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>分数</translation>
    </message>
    <message>
        <source>(guess the text column)</source>
        <translation>（自动判断文本列）</translation>
    </message>
    <message>
        <source>positive</source>
        <translation>积极</translation>
    </message>
    <message>
        <source>negative</source>
        <translation>消极</translation>
    </message>
    <message>
        <source>neutral</source>
        <translation>中性</translation>
    </message>
    <message>
        <source>Analyze</source>
        <translation>分析</translation>
    </message>
    <message>
        <source>Analyze (Ctrl+Enter)</source>
        <translation>分析 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Paste a review, a message or any text — Ctrl+Enter to analyze</source>
        <translation>粘贴评论、消息或任意文本——按 Ctrl+Enter 分析</translation>
    </message>
    <message>
        <source>Text to analyze</source>
        <translation>要分析的文本</translation>
    </message>
    <message>
        <source>Sentiment</source>
        <translation>情感倾向</translation>
    </message>
    <message>
        <source>Sentences coloured by sentiment</source>
        <translation>按情感着色的句子</translation>
    </message>
    <message>
        <source>A text of several sentences is shown here, each sentence coloured by its sentiment.</source>
        <translation>包含多个句子的文本会显示在这里，每个句子按其情感着色。</translation>
    </message>
    <message>
        <source>Choose file…</source>
        <translation>选择文件…</translation>
    </message>
    <message>
        <source>A text file (one text per line) or a CSV/TSV file (Ctrl+O)</source>
        <translation>文本文件（每行一段文本）或 CSV/TSV 文件 (Ctrl+O)</translation>
    </message>
    <message>
        <source>No file chosen</source>
        <translation>未选择文件</translation>
    </message>
    <message>
        <source>CSV column</source>
        <translation>CSV 列</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>Save the scores as a CSV file</source>
        <translation>将分数保存为 CSV 文件</translation>
    </message>
    <message>
        <source>Scored lines</source>
        <translation>已评分的行</translation>
    </message>
    <message>
        <source>Distribution of labels</source>
        <translation>标签分布</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>File (batch)</source>
        <translation>文件（批量）</translation>
    </message>
    <message>
        <source>Score a file</source>
        <translation>为文件评分</translation>
    </message>
    <message>
        <source>Lines or CSV (*.txt *.csv *.tsv);;All files (*)</source>
        <translation>文本行或 CSV (*.txt *.csv *.tsv);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Export the scores</source>
        <translation>导出分数</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>The CSV could not be written: {error}</source>
        <translation>无法写入 CSV：{error}</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n row(s) to {file}.</source>
        <translation>
            <numerusform>已将 %n 行导出到 {file}。</numerusform>
        </translation>
    </message>
    <message>
        <source>Choose a file of lines or a CSV file to score first.</source>
        <translation>请先选择一个每行一段文本的文件或 CSV 文件进行评分。</translation>
    </message>
    <message>
        <source>Paste or type some text to analyze first.</source>
        <translation>请先粘贴或输入要分析的文本。</translation>
    </message>
    <message>
        <source>Scored by the sentiment model {model}.</source>
        <translation>由情感分析模型 {model} 评分。</translation>
    </message>
    <message numerus="yes">
        <source>%n line(s) scored (column &apos;{column}&apos;).</source>
        <translation>
            <numerusform>已为 %n 行评分（列“{column}”）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n line(s) scored.</source>
        <translation>
            <numerusform>已为 %n 行评分。</numerusform>
        </translation>
    </message>
    <message>
        <source>{label} score</source>
        <translation>{label}的分数</translation>
    </message>
    <message numerus="yes">
        <source>Overall: the %n sentences&apos; scores averaged, each weighted by its length.</source>
        <translation>
            <numerusform>总体结果：%n 个句子分数的平均值，每个句子按长度加权。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ServerDialog</name>
    <message>
        <source>Add a server</source>
        <translation>添加服务器</translation>
    </message>
    <message>
        <source>team</source>
        <translation>团队</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <source>optional: a CA file to verify the server&apos;s certificate</source>
        <translation>可选：用于验证服务器证书的 CA 文件</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <source>CA file</source>
        <translation>CA 文件</translation>
    </message>
</context>
<context>
    <name>ServersPanel</name>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Servers</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Add a server…</source>
        <translation>添加服务器…</translation>
    </message>
    <message>
        <source>Use the models of an OpenAI-compatible server (vLLM, Ollama, llama.cpp, transformers serve…)</source>
        <translation>使用 OpenAI 兼容服务器（vLLM、Ollama、llama.cpp、transformers serve…）上的模型</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Forget the selected server and its key</source>
        <translation>忘记所选服务器及其密钥</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Ask the servers for their models again</source>
        <translation>重新向服务器查询模型</translation>
    </message>
    <message>
        <source>A server&apos;s models are named server/model in the chat&apos;s model list. Nothing is sent to a server you did not add.</source>
        <translation>服务器上的模型在聊天的模型列表中显示为“服务器/模型”。不会向您未添加的服务器发送任何内容。</translation>
    </message>
    <message>
        <source>{model} (server {server})</source>
        <translation>{model}（服务器 {server}）</translation>
    </message>
    <message>
        <source>asking…</source>
        <translation>正在查询…</translation>
    </message>
    <message>
        <source>no models</source>
        <translation>没有模型</translation>
    </message>
    <message>
        <source>The server could not be added: {error}</source>
        <translation>无法添加该服务器：{error}</translation>
    </message>
    <message>
        <source>Added {name}. Its models appear in the chat&apos;s model list once it answers.</source>
        <translation>已添加 {name}。服务器响应后，其模型会出现在聊天的模型列表中。</translation>
    </message>
    <message>
        <source>Plain http</source>
        <translation>明文 http</translation>
    </message>
    <message>
        <source>{url} is plain http to an address outside this computer and its network: your key and your chats would travel unencrypted. Use it anyway?</source>
        <translation>{url} 是指向本机及本地网络以外地址的明文 http：您的密钥和对话将以未加密方式传输。仍要使用吗？</translation>
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
        <source>Hugging Face ({address})</source>
        <translation>Hugging Face（{address}）</translation>
    </message>
    <message>
        <source>Mirror hf-mirror ({address})</source>
        <translation>镜像 hf-mirror（{address}）</translation>
    </message>
    <message>
        <source>Another address:</source>
        <translation>其他地址：</translation>
    </message>
    <message>
        <source>The system&apos;s ({proxy})</source>
        <translation>系统代理（{proxy}）</translation>
    </message>
    <message>
        <source>The system&apos;s (none set)</source>
        <translation>系统代理（未设置）</translation>
    </message>
    <message>
        <source>No proxy</source>
        <translation>不使用代理</translation>
    </message>
    <message>
        <source>This proxy:</source>
        <translation>使用此代理：</translation>
    </message>
    <message>
        <source>Downloads</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>&amp;Hub address:</source>
        <translation>hub 地址(&amp;H)：</translation>
    </message>
    <message>
        <source>&amp;Proxy:</source>
        <translation>代理(&amp;P)：</translation>
    </message>
    <message>
        <source>Model downloads and catalog pins use these. Where huggingface.co cannot be reached, the mirror hf-mirror.com usually can. The system&apos;s proxy is the one HTTPS_PROXY names; HF_ENDPOINT names the hub address when Hugging Face is chosen.</source>
        <translation>模型下载和目录固定都使用这些设置。无法访问 huggingface.co 的地方，通常可以访问镜像 hf-mirror.com。系统代理即 HTTPS_PROXY 所指定的代理；选择 Hugging Face 时，HF_ENDPOINT 可指定 hub 地址。</translation>
    </message>
    <message>
        <source>Offer the models to other programs (an OpenAI-compatible API)</source>
        <translation>向其他程序提供模型（兼容 OpenAI 的 API）</translation>
    </message>
    <message>
        <source>Allow other machines on the network (they must send the token)</source>
        <translation>允许网络上的其他机器访问（它们必须发送令牌）</translation>
    </message>
    <message>
        <source>none: programs on this computer need no token</source>
        <translation>无：本机上的程序不需要令牌</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>生成(&amp;G)</translation>
    </message>
    <message>
        <source>Make a new random token; programs that use the old one must be given the new one</source>
        <translation>生成新的随机令牌；使用旧令牌的程序需要换成新令牌</translation>
    </message>
    <message>
        <source>Local API</source>
        <translation>本地 API</translation>
    </message>
    <message>
        <source>Po&amp;rt:</source>
        <translation>端口(&amp;R)：</translation>
    </message>
    <message>
        <source>To&amp;ken:</source>
        <translation>令牌(&amp;K)：</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>地址：</translation>
    </message>
    <message>
        <source>Editors, scripts and other tools can chat, embed, translate and classify with the installed models through the same worker as this window (requests wait their turn). Clients send the token as &quot;Authorization: Bearer TOKEN&quot;. The README shows curl and the openai Python client.</source>
        <translation>编辑器、脚本和其他工具可以通过与本窗口相同的工作线程，使用已安装的模型进行对话、嵌入、翻译和分类（请求依次排队）。客户端以 “Authorization: Bearer 令牌” 发送令牌。README 中有 curl 和 openai Python 客户端的示例。</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Give the hub address as a URL, for example {example}.</source>
        <translation>请以网址形式填写 hub 地址，例如 {example}。</translation>
    </message>
    <message>
        <source>Give the proxy as a URL, for example http://proxy.example:8080.</source>
        <translation>请以网址形式填写代理，例如 http://proxy.example:8080。</translation>
    </message>
    <message>
        <source>Other machines may use the API only with a token: generate one.</source>
        <translation>其他机器只能凭令牌使用 API：请生成一个。</translation>
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
    <name>SuggestionsDialog</name>
    <message>
        <source>Suggested labels</source>
        <translation>建议的标签</translation>
    </message>
    <message numerus="yes">
        <source>%n group(s) of similar files, each named by the words that set it apart. Rename a label by double-clicking it, merge groups that are one thing to you, remove those you do not want (their files stay unsorted). Nothing is moved until you organize.</source>
        <translation>
            <numerusform>%n 组相似的文件，每组以区别于其他组的词命名。双击标签可重命名；对您来说属于同一类的组可以合并；不需要的组可以删除（其文件保持未整理）。在您整理之前，不会移动任何文件。</numerusform>
        </translation>
    </message>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>文件数</translation>
    </message>
    <message>
        <source>Distinctive words</source>
        <translation>特征词</translation>
    </message>
    <message>
        <source>For example</source>
        <translation>示例文件</translation>
    </message>
    <message>
        <source>Merge selected</source>
        <translation>合并所选</translation>
    </message>
    <message>
        <source>Make the selected groups one label, named as the first of them</source>
        <translation>将所选各组合并为一个标签，沿用其中第一个的名称</translation>
    </message>
    <message>
        <source>Remove selected</source>
        <translation>删除所选</translation>
    </message>
    <message>
        <source>Drop these labels; their files stay where they are</source>
        <translation>删除这些标签；其文件保留在原处</translation>
    </message>
    <message>
        <source>Use these labels</source>
        <translation>使用这些标签</translation>
    </message>
    <message>
        <source>Select two or more labels to merge.</source>
        <translation>请选择两个或更多标签进行合并。</translation>
    </message>
    <message>
        <source>Every label was removed: keep at least one, or cancel.</source>
        <translation>所有标签都已删除：请至少保留一个，或取消。</translation>
    </message>
    <message>
        <source>A label needs a name.</source>
        <translation>标签需要名称。</translation>
    </message>
    <message>
        <source>A label cannot contain a comma: labels are separated by commas.</source>
        <translation>标签不能包含逗号：标签之间以逗号分隔。</translation>
    </message>
</context>
<context>
    <name>TaskNames</name>
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
        <source>Translation</source>
        <translation>翻译</translation>
    </message>
    <message>
        <source>Zero-shot classification</source>
        <translation>零样本分类</translation>
    </message>
    <message>
        <source>Embeddings</source>
        <translation>嵌入</translation>
    </message>
    <message>
        <source>Extractive QA</source>
        <translation>抽取式问答</translation>
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
    <name>TeachDialog</name>
    <message>
        <source>Teach by example</source>
        <translation>用示例训练</translation>
    </message>
    <message>
        <source>Choose a folder that holds one subfolder per label, with a few example files in each (at least 2 per label; 10 or more is better). The program learns from them in seconds and tells you how accurate it is.</source>
        <translation>选择一个文件夹，其中每个标签对应一个子文件夹，每个子文件夹中放几个示例文件（每个标签至少 2 个；10 个或更多更好）。程序几秒钟内即可从中学习，并告诉你它的准确率。</translation>
    </message>
    <message>
        <source>e.g. my mail folders</source>
        <translation>例如：我的邮件文件夹</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>Choose the folder of examples</source>
        <translation>选择示例文件夹</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>名称(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Examples folder</source>
        <translation>示例文件夹(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Fine-tune the embedding model (slower, usually more accurate)</source>
        <translation>微调嵌入模型(&amp;F)（较慢，通常更准确）</translation>
    </message>
    <message>
        <source>Before the classifier is trained, the embedding model learns from pairs of your examples: two of the same label are drawn together, two of different labels apart. Takes a minute or more instead of seconds; the tuned model is saved with the classifier.</source>
        <translation>在训练分类器之前，嵌入模型先从成对的示例中学习：同一标签的两个示例被拉近，不同标签的两个示例被推远。耗时一分钟或更久，而不是几秒；微调后的模型与分类器一起保存。</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Folder with one subfolder per label</source>
        <translation>每个标签一个子文件夹的文件夹</translation>
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
