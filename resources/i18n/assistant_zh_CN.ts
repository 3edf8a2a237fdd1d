<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CoreMessages</name>
    <message>
        <source>&quot;pair&quot; must be two language codes</source>
        <translation>&quot;pair&quot; 必须是两个语言代码</translation>
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
        <source>Choose the folder to organize into.</source>
        <translation>请选择整理到哪个文件夹。</translation>
    </message>
    <message>
        <source>Choose the language to translate into.</source>
        <translation>请选择要翻译成的语言。</translation>
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
        <source>Could not reach {where} ({error}). Check the connection and try again: what was fetched is kept.</source>
        <translation>无法连接 {where}（{error}）。请检查网络连接后重试：已下载的部分会保留。</translation>
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
        <source>Indexing documents: {done} of {total} file(s)</source>
        <translation>正在为文档建立索引：{done}/{total} 个文件</translation>
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
        <source>The Markdown file</source>
        <translation>该 Markdown 文件</translation>
    </message>
    <message>
        <source>The answer length must be at least one token.</source>
        <translation>回答长度至少为一个词元。</translation>
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
        <source>The chat history was written by a newer version of the program; it is used as it is.</source>
        <translation>聊天记录由较新版本的程序写入；将按原样使用。</translation>
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
        <source>The column &apos;{column}&apos; of {name} is empty.</source>
        <translation>{name} 的“{column}”列是空的。</translation>
    </message>
    <message>
        <source>The conversation is longer than the model can read: {count} early exchange(s) left out.</source>
        <translation>对话超出了模型能读取的长度：省略了前面 {count} 轮问答。</translation>
    </message>
    <message>
        <source>The device &apos;{device}&apos; is not available on this computer (found: {found}).</source>
        <translation>此电脑上没有设备“{device}”（找到的设备：{found}）。</translation>
    </message>
    <message>
        <source>The disk filled up while downloading {file} of {id}. {kept} are kept: free some space and download again to go on from there.</source>
        <translation>下载 {id} 的 {file} 时磁盘已满。已保留 {kept}：请释放一些空间后再次下载，将从中断处继续。</translation>
    </message>
    <message>
        <source>The document index was damaged and is being rebuilt.</source>
        <translation>文档索引已损坏，正在重建。</translation>
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
        <source>The hub&apos;s checksum for {file} changed during the download; try again.</source>
        <translation>下载期间模型库中 {file} 的校验和发生了变化；请重试。</translation>
    </message>
    <message>
        <source>The job &apos;{id}&apos; is damaged ({error}).</source>
        <translation>任务“{id}”已损坏（{error}）。</translation>
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
        <source>The question is too long for this model ({tokens:,} tokens; it reads at most {limit:,} and needs room for the answer). Shorten it.</source>
        <translation>问题对此模型来说太长了（{tokens:,} 个词元；它最多读取 {limit:,} 个，还需要给回答留出空间）。请缩短问题。</translation>
    </message>
    <message>
        <source>The run &apos;{id}&apos; was already undone.</source>
        <translation>整理记录“{id}”已经撤销过了。</translation>
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
        <source>Training and cross-validating…</source>
        <translation>正在训练并交叉验证…</translation>
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
        <source>organize</source>
        <translation>整理</translation>
    </message>
    <message>
        <source>passages</source>
        <translation>个段落</translation>
    </message>
    <message>
        <source>permission denied: the file cannot be opened</source>
        <translation>权限不足：无法打开该文件</translation>
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
        <source>the {kind} file contains an XML declaration that is not allowed here</source>
        <translation>该 {kind} 文件包含此处不允许的 XML 声明</translation>
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
        <source>too large ({size:.1f} MB)</source>
        <translation>太大（{size:.1f} MB）</translation>
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
        <source>unknown task &apos;{task}&apos; (known: {known})</source>
        <translation>未知任务“{task}”（已知：{known}）</translation>
    </message>
    <message>
        <source>{count:.1f} h</source>
        <translation>{count:.1f} 小时</translation>
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
        <source>{model} was not found in the Hugging Face cache at {folder}.</source>
        <translation>在 {folder} 的 Hugging Face 缓存中找不到 {model}。</translation>
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
        <source>{path} does not exist.</source>
        <translation>{path} 不存在。</translation>
    </message>
    <message>
        <source>{path} is a file: pick the folder that holds config.json and the weights.</source>
        <translation>{path} 是一个文件：请选择包含 config.json 和权重的文件夹。</translation>
    </message>
    <message>
        <source>{path} is not a file.</source>
        <translation>{path} 不是文件。</translation>
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
        <source>{rate:.1f} {unit}/s</source>
        <translation>{rate:.1f} {unit}/秒</translation>
    </message>
    <message>
        <source>{rate:.1f} {unit}/s · {words:.0f} words/s</source>
        <translation>{rate:.1f} {unit}/秒 · {words:.0f} 词/秒</translation>
    </message>
</context>
</TS>
