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
        <source>Swap translation languages</source>
        <translation>互换翻译语言</translation>
    </message>
    <message>
        <source>Translate a file (Translate tab)</source>
        <translation>翻译文件（翻译页）</translation>
    </message>
    <message>
        <source>Edit the glossary (Translate tab)</source>
        <translation>编辑术语表（翻译页）</translation>
    </message>
    <message>
        <source>Copy the translation</source>
        <translation>复制译文</translation>
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
</TS>
