<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Animator</name>
    <message>
        <source>dead</source>
        <translation>死亡</translation>
    </message>
    <message>
        <source>saturated</source>
        <translation>饱和</translation>
    </message>
    <message>
        <source>vanishing ∂</source>
        <translation>梯度消失 ∂</translation>
    </message>
    <message>
        <source>exploding ∂</source>
        <translation>梯度爆炸 ∂</translation>
    </message>
    <message>
        <source>NaN starts here</source>
        <translation>NaN 从这里开始</translation>
    </message>
    <message>
        <source>{op} &quot;{label}&quot; at step {step}</source>
        <translation>{op} &quot;{label}&quot;，第 {step} 步</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>Cannot open file</source>
        <translation>无法打开文件</translation>
    </message>
</context>
<context>
    <name>AttrDocs</name>
    <message>
        <source>name of the argument in the generated code</source>
        <translation>生成代码中该参数的名称</translation>
    </message>
    <message>
        <source>shape with the batch dimension first (-1)</source>
        <translation>形状，批量维在前（-1）</translation>
    </message>
    <message>
        <source>element type; int64 for class indices</source>
        <translation>元素类型；类别索引用 int64</translation>
    </message>
    <message>
        <source>feature: model input; target: labels for the loss</source>
        <translation>feature：模型的输入；target：损失函数使用的标签</translation>
    </message>
    <message>
        <source>value of every element</source>
        <translation>每个元素的值</translation>
    </message>
    <message>
        <source>shape; [] is a scalar</source>
        <translation>形状；[] 表示标量</translation>
    </message>
    <message>
        <source>initial values</source>
        <translation>初始值</translation>
    </message>
    <message>
        <source>initial value when init is constant</source>
        <translation>init 为 constant 时的初始值</translation>
    </message>
    <message>
        <source>name of the output</source>
        <translation>输出的名称</translation>
    </message>
    <message>
        <source>size of the input&apos;s last dimension (empty: inferred)</source>
        <translation>输入最后一维的大小（留空：自动推断）</translation>
    </message>
    <message>
        <source>size of the output&apos;s last dimension</source>
        <translation>输出最后一维的大小</translation>
    </message>
    <message>
        <source>add a learnable bias</source>
        <translation>添加可学习的偏置</translation>
    </message>
    <message>
        <source>input channels (empty: inferred)</source>
        <translation>输入通道数（留空：自动推断）</translation>
    </message>
    <message>
        <source>output channels</source>
        <translation>输出通道数</translation>
    </message>
    <message>
        <source>kernel size (or [h, w])</source>
        <translation>卷积核大小（或 [h, w]）</translation>
    </message>
    <message>
        <source>step between windows</source>
        <translation>窗口之间的步长</translation>
    </message>
    <message>
        <source>pixels on every side, &quot;valid&quot; (none), &quot;same&quot; (output ceil(H/stride), any extra at the bottom/right), [h, w] or [top, bottom, left, right]</source>
        <translation>每一边填充的像素数、&quot;valid&quot;（不填充）、&quot;same&quot;（输出为 ceil(H/stride)，多出的补在下方/右侧）、[h, w] 或 [top, bottom, left, right]</translation>
    </message>
    <message>
        <source>spacing between kernel taps</source>
        <translation>卷积核采样点之间的间距</translation>
    </message>
    <message>
        <source>channel groups convolved separately (in_channels: depthwise)</source>
        <translation>分别卷积的通道组数（等于 in_channels：深度卷积）</translation>
    </message>
    <message>
        <source>add a learnable bias per channel</source>
        <translation>为每个通道添加可学习的偏置</translation>
    </message>
    <message>
        <source>window size (or [h, w])</source>
        <translation>窗口大小（或 [h, w]）</translation>
    </message>
    <message>
        <source>step between windows (empty: kernel_size)</source>
        <translation>窗口之间的步长（留空：等于 kernel_size）</translation>
    </message>
    <message>
        <source>padding on every side, &quot;valid&quot;, &quot;same&quot; or explicit [h, w] / [top, bottom, left, right]</source>
        <translation>每一边的填充、&quot;valid&quot;、&quot;same&quot; 或显式的 [h, w] / [top, bottom, left, right]</translation>
    </message>
    <message>
        <source>round the output size up (the last window may run past the end)</source>
        <translation>把输出大小向上取整（最后一个窗口可能超出末尾）</translation>
    </message>
    <message>
        <source>spacing between window taps</source>
        <translation>窗口采样点之间的间距</translation>
    </message>
    <message>
        <source>padded cells count in the mean (cells past the end in ceil_mode never do)</source>
        <translation>填充的格子计入平均值（ceil_mode 在末尾之外添加的格子从不计入）</translation>
    </message>
    <message>
        <source>channels (empty: inferred)</source>
        <translation>通道数（留空：自动推断）</translation>
    </message>
    <message>
        <source>added to the variance</source>
        <translation>加到方差上</translation>
    </message>
    <message>
        <source>weight of the new batch statistics</source>
        <translation>新批量统计量的权重</translation>
    </message>
    <message>
        <source>learnable scale and shift</source>
        <translation>可学习的缩放和平移</translation>
    </message>
    <message>
        <source>how many trailing dimensions to normalise over</source>
        <translation>对末尾多少个维度做归一化</translation>
    </message>
    <message>
        <source>probability of dropping an element</source>
        <translation>丢弃一个元素的概率</translation>
    </message>
    <message>
        <source>number of rows (largest index + 1)</source>
        <translation>行数（最大索引 + 1）</translation>
    </message>
    <message>
        <source>length of each vector</source>
        <translation>每个向量的长度</translation>
    </message>
    <message>
        <source>kernel size</source>
        <translation>卷积核大小</translation>
    </message>
    <message>
        <source>cells on each end, &quot;valid&quot;, &quot;same&quot; or [left, right]</source>
        <translation>两端各填充的格子数、&quot;valid&quot;、&quot;same&quot; 或 [left, right]</translation>
    </message>
    <message>
        <source>spacing of the input cells in the output</source>
        <translation>输入格子在输出中的间距</translation>
    </message>
    <message>
        <source>cells removed from each side of the output</source>
        <translation>从输出每一边去掉的格子数</translation>
    </message>
    <message>
        <source>cells added at the bottom/right of the output (smaller than the stride)</source>
        <translation>在输出的下方/右侧添加的格子数（小于步长）</translation>
    </message>
    <message>
        <source>channel groups convolved separately</source>
        <translation>分别卷积的通道组数</translation>
    </message>
    <message>
        <source>window size</source>
        <translation>窗口大小</translation>
    </message>
    <message>
        <source>padding on every side, &quot;valid&quot;, &quot;same&quot; or explicit [left, right]</source>
        <translation>每一边的填充、&quot;valid&quot;、&quot;same&quot; 或显式的 [left, right]</translation>
    </message>
    <message>
        <source>how output cells are computed</source>
        <translation>输出格子的计算方式</translation>
    </message>
    <message>
        <source>whole-number factor per axis (empty: use size)</source>
        <translation>每个轴的整数缩放因子（留空：使用 size）</translation>
    </message>
    <message>
        <source>output [h, w] (empty: use scale_factor)</source>
        <translation>输出的 [h, w]（留空：使用 scale_factor）</translation>
    </message>
    <message>
        <source>bilinear only: map corner cells onto corner cells</source>
        <translation>仅用于 bilinear：把角落的格子映射到角落的格子</translation>
    </message>
    <message>
        <source>groups of channels</source>
        <translation>通道组数</translation>
    </message>
    <message>
        <source>learnable scale and shift per channel</source>
        <translation>每个通道可学习的缩放和平移</translation>
    </message>
    <message>
        <source>hide later keys from each query (j &gt; i)</source>
        <translation>对每个查询隐藏之后的键（j &gt; i）</translation>
    </message>
    <message>
        <source>multiplies q k^T (empty: 1/sqrt(D))</source>
        <translation>乘以 q k^T（留空：1/sqrt(D)）</translation>
    </message>
    <message>
        <source>size of the last dimension (empty: inferred)</source>
        <translation>最后一维的大小（留空：自动推断）</translation>
    </message>
    <message>
        <source>number of heads; must divide embed_dim</source>
        <translation>头的数量；必须整除 embed_dim</translation>
    </message>
    <message>
        <source>learnable biases on the projections</source>
        <translation>投影上可学习的偏置</translation>
    </message>
    <message>
        <source>size of the hidden state H</source>
        <translation>隐藏状态的大小 H</translation>
    </message>
    <message>
        <source>stacked layers (each reads the one below)</source>
        <translation>堆叠的层数（每层读取下面一层）</translation>
    </message>
    <message>
        <source>also run backwards in time; features 2H</source>
        <translation>同时按时间反向运行；特征为 2H</translation>
    </message>
    <message>
        <source>sequence: every step [N, T, D*H]; last: the final hidden state of the top layer [N, D*H] (backward direction: after reading step 0)</source>
        <translation>sequence：每一步 [N, T, D*H]；last：顶层最后的隐藏状态 [N, D*H]（反向：读完第 0 步之后）</translation>
    </message>
    <message>
        <source>slope for negative inputs</source>
        <translation>负输入的斜率</translation>
    </message>
    <message>
        <source>exact erf form or tanh approximation</source>
        <translation>精确的 erf 形式或 tanh 近似</translation>
    </message>
    <message>
        <source>dimension that sums to one</source>
        <translation>求和为一的维度</translation>
    </message>
    <message>
        <source>how the quotient is rounded</source>
        <translation>商的取整方式</translation>
    </message>
    <message>
        <source>the power</source>
        <translation>幂</translation>
    </message>
    <message>
        <source>dimension to join along</source>
        <translation>拼接所沿的维度</translation>
    </message>
    <message>
        <source>number of inputs</source>
        <translation>输入的个数</translation>
    </message>
    <message>
        <source>dimensions to reduce; empty means all</source>
        <translation>要归约的维度；为空表示全部</translation>
    </message>
    <message>
        <source>keep reduced dimensions with size 1</source>
        <translation>保留被归约的维度，大小为 1</translation>
    </message>
    <message>
        <source>new order of the dimensions</source>
        <translation>维度的新顺序</translation>
    </message>
    <message>
        <source>the lowest value kept</source>
        <translation>保留的最小值</translation>
    </message>
    <message>
        <source>the highest value kept</source>
        <translation>保留的最大值</translation>
    </message>
    <message>
        <source>first dimension merged (negative: from the end)</source>
        <translation>合并的第一个维度（负数：从末尾计）</translation>
    </message>
    <message>
        <source>last dimension merged (negative: from the end)</source>
        <translation>合并的最后一个维度（负数：从末尾计）</translation>
    </message>
    <message>
        <source>target shape (per sample with keep_batch)</source>
        <translation>目标形状（keep_batch 时按每个样本）</translation>
    </message>
    <message>
        <source>keep dimension 0 and reshape each sample</source>
        <translation>保留第 0 维并对每个样本变形</translation>
    </message>
    <message>
        <source>(before, after) pairs for the last dimensions</source>
        <translation>最后几维的（前, 后）填充对</translation>
    </message>
    <message>
        <source>what fills the border</source>
        <translation>边界用什么填充</translation>
    </message>
    <message>
        <source>the fill of constant padding</source>
        <translation>常数填充所用的值</translation>
    </message>
    <message>
        <source>first index per axis</source>
        <translation>每个轴的起始索引</translation>
    </message>
    <message>
        <source>end index (excluded) per axis</source>
        <translation>每个轴的结束索引（不包含）</translation>
    </message>
    <message>
        <source>the sliced dimensions (empty: 1, 2, ...)</source>
        <translation>被切片的维度（留空：1, 2, ...）</translation>
    </message>
    <message>
        <source>stride per axis, 1 or more (empty: 1)</source>
        <translation>每个轴的步长，1 或更大（留空：1）</translation>
    </message>
    <message>
        <source>dimension to cut</source>
        <translation>要切分的维度</translation>
    </message>
    <message>
        <source>size of each piece (one may be -1)</source>
        <translation>每一块的大小（可以有一个为 -1）</translation>
    </message>
    <message>
        <source>size-1 dimensions to remove (empty: all after the batch)</source>
        <translation>要删除的大小为 1 的维度（留空：批量维之后的全部）</translation>
    </message>
    <message>
        <source>positions of the new dimensions in the result</source>
        <translation>新维度在结果中的位置</translation>
    </message>
    <message>
        <source>dimension the indices pick along</source>
        <translation>索引沿其选取的维度</translation>
    </message>
    <message>
        <source>the new element type</source>
        <translation>新的元素类型</translation>
    </message>
    <message>
        <source>how per-element losses are combined</source>
        <translation>逐元素损失的合并方式</translation>
    </message>
</context>
<context>
    <name>Blocks</name>
    <message>
        <source>&amp;Group into Block…</source>
        <translation>组合为模块(&amp;G)…</translation>
    </message>
    <message>
        <source>the selected nodes become one block; the wires that cross the selection become its ports</source>
        <translation>选中的节点合成一个模块；跨越选区边界的连线成为它的端口</translation>
    </message>
    <message>
        <source>&amp;Ungroup Block</source>
        <translation>取消模块组合(&amp;U)</translation>
    </message>
    <message>
        <source>put the selected block&apos;s nodes in its place</source>
        <translation>用选中模块内部的节点替换该模块</translation>
    </message>
    <message>
        <source>&amp;Open Block</source>
        <translation>打开模块(&amp;O)</translation>
    </message>
    <message>
        <source>show the selected block&apos;s inside (or double-click it)</source>
        <translation>显示选中模块的内部（或双击它）</translation>
    </message>
    <message>
        <source>Go &amp;Up a Level</source>
        <translation>返回上一层(&amp;U)</translation>
    </message>
    <message>
        <source>back to the graph this block is used in (Backspace deletes the selection when there is one)</source>
        <translation>回到使用此模块的计算图（有选中内容时 Backspace 删除所选）</translation>
    </message>
    <message>
        <source>Make &amp;Unique</source>
        <translation>设为独立副本(&amp;U)</translation>
    </message>
    <message>
        <source>give this block instance its own copy of the definition: editing it changes only this node</source>
        <translation>让这个模块实例拥有自己的一份定义：编辑它只改变这个节点</translation>
    </message>
    <message>
        <source>&amp;Save Block to Library</source>
        <translation>将模块保存到库(&amp;S)</translation>
    </message>
    <message>
        <source>keep the selected block in your library of blocks (the palette&apos;s My blocks) for other graphs</source>
        <translation>把选中的模块保存到你的模块库（算子面板中的“我的模块”），供其他计算图使用</translation>
    </message>
    <message>
        <source>&amp;Blocks</source>
        <translation>模块(&amp;B)</translation>
    </message>
    <message>
        <source>Make Block Parameter</source>
        <translation>设为模块参数</translation>
    </message>
    <message>
        <source>Rename Block…</source>
        <translation>重命名模块…</translation>
    </message>
    <message>
        <source>Save Block to Library</source>
        <translation>将模块保存到库</translation>
    </message>
    <message>
        <source>Remove from File</source>
        <translation>从文件中移除</translation>
    </message>
    <message>
        <source>Remove from File (used {n}x)</source>
        <translation>从文件中移除（已使用 {n} 次）</translation>
    </message>
    <message>
        <source>↑ Up</source>
        <translation>↑ 上一层</translation>
    </message>
    <message>
        <source>back to the graph this block is used in (Backspace, Alt+Up)</source>
        <translation>回到使用此模块的计算图（Backspace，Alt+Up）</translation>
    </message>
    <message>
        <source>go back to this graph</source>
        <translation>回到这个计算图</translation>
    </message>
    <message>
        <source>select the nodes to group into a block first</source>
        <translation>请先选择要组合为模块的节点</translation>
    </message>
    <message>
        <source>these nodes cannot be one block: &quot;{label}&quot; lies between them outside the selection; select it too, or fewer nodes</source>
        <translation>这些节点不能组成一个模块：&quot;{label}&quot; 位于它们之间却不在选区内；请把它也选上，或少选一些节点</translation>
    </message>
    <message>
        <source>Group into block</source>
        <translation>组合为模块</translation>
    </message>
    <message>
        <source>Name of the new block:</source>
        <translation>新模块的名称：</translation>
    </message>
    <message>
        <source>Group {n} node(s) into {name}</source>
        <translation>把 {n} 个节点组合为 {name}</translation>
    </message>
    <message>
        <source>select a block to ungroup (a node with a stacked card)</source>
        <translation>请选择要取消组合的模块（带叠放卡片的节点）</translation>
    </message>
    <message>
        <source>{n} blocks</source>
        <translation>{n} 个模块</translation>
    </message>
    <message>
        <source>Ungroup {what}</source>
        <translation>取消组合 {what}</translation>
    </message>
    <message>
        <source>select one block to make unique</source>
        <translation>请选择一个要设为独立副本的模块</translation>
    </message>
    <message>
        <source>Make {label} unique ({fork})</source>
        <translation>把 {label} 设为独立副本（{fork}）</translation>
    </message>
    <message>
        <source>{label} now has its own block {name}: editing it changes only this node</source>
        <translation>{label} 现在有了自己的模块 {name}：编辑它只改变这个节点</translation>
    </message>
    <message>
        <source>select one block to open it</source>
        <translation>请选择一个模块以打开它</translation>
    </message>
    <message>
        <source>only a number or yes/no attribute of a node inside a block can become a block parameter</source>
        <translation>只有模块内部节点的数值或是/否属性才能成为模块参数</translation>
    </message>
    <message>
        <source>Make {node}.{attr} a parameter of {name}</source>
        <translation>把 {node}.{attr} 设为 {name} 的参数</translation>
    </message>
    <message>
        <source>{name} has a parameter {param} now: set it on each of its blocks</source>
        <translation>{name} 现在有参数 {param}：请在它的每个模块实例上设置</translation>
    </message>
    <message>
        <source>Rename block</source>
        <translation>重命名模块</translation>
    </message>
    <message>
        <source>New name for block {old}:</source>
        <translation>模块 {old} 的新名称：</translation>
    </message>
    <message>
        <source>Rename block {old} to {new}</source>
        <translation>把模块 {old} 重命名为 {new}</translation>
    </message>
    <message>
        <source>Remove block {name}</source>
        <translation>移除模块 {name}</translation>
    </message>
    <message>
        <source>cannot use the block file {name}: {why}</source>
        <translation>无法使用模块文件 {name}：{why}</translation>
    </message>
    <message>
        <source>Add block {name}</source>
        <translation>添加模块 {name}</translation>
    </message>
    <message>
        <source>Bring block {name} into the file</source>
        <translation>把模块 {name} 加入文件</translation>
    </message>
    <message>
        <source>select a block (or open one) to save it to the library</source>
        <translation>请选择（或打开）一个模块，以便把它保存到库中</translation>
    </message>
    <message>
        <source>Replace block?</source>
        <translation>替换模块吗？</translation>
    </message>
    <message>
        <source>The library already has a block {name}. Replace it?</source>
        <translation>库中已经有模块 {name}。要替换它吗？</translation>
    </message>
    <message>
        <source>Cannot save block</source>
        <translation>无法保存模块</translation>
    </message>
    <message>
        <source>Saved block {name} to {path}</source>
        <translation>已把模块 {name} 保存到 {path}</translation>
    </message>
    <message>
        <source>set by block parameter {param} of {block}: change it on the block&apos;s node in the graph above (this one shows the instance you opened)</source>
        <translation>由 {block} 的模块参数 {param} 设置：请在上一层计算图中该模块的节点上修改（这里显示的是你打开的实例）</translation>
    </message>
    <message>
        <source>only a block instance can be entered (double-click a block)</source>
        <translation>只能进入模块实例（双击一个模块）</translation>
    </message>
    <message>
        <source>the definition {name} is not in this file</source>
        <translation>定义 {name} 不在这个文件中</translation>
    </message>
</context>
<context>
    <name>Category</name>
    <message>
        <source>source</source>
        <translation>数据源</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>activation</source>
        <translation>激活函数</translation>
    </message>
    <message>
        <source>math</source>
        <translation>数学运算</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失函数</translation>
    </message>
    <message>
        <source>output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>block</source>
        <translation>模块</translation>
    </message>
</context>
<context>
    <name>CodeView</name>
    <message>
        <source>The code generator is not available yet ({err}).</source>
        <translation>代码生成器暂不可用（{err}）。</translation>
    </message>
    <message>
        <source>This graph cannot be compiled yet:</source>
        <translation>这个计算图暂时无法编译：</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>make the code of this large graph now</source>
        <translation>现在生成这个大型计算图的代码</translation>
    </message>
    <message>
        <source>{n} nodes: press Generate</source>
        <translation>{n} 个节点：请按“生成”</translation>
    </message>
    <message>
        <source>not compiled</source>
        <translation>未编译</translation>
    </message>
</context>
<context>
    <name>Commands</name>
    <message>
        <source>{n} nodes</source>
        <translation>{n} 个节点</translation>
    </message>
    <message>
        <source>Add {op}</source>
        <translation>添加 {op}</translation>
    </message>
    <message>
        <source>Add {op} {label}</source>
        <translation>添加 {op} {label}</translation>
    </message>
    <message>
        <source>Delete {what}</source>
        <translation>删除 {what}</translation>
    </message>
    <message>
        <source>Connect {wire}</source>
        <translation>连接 {wire}</translation>
    </message>
    <message>
        <source>Disconnect {wire}</source>
        <translation>断开 {wire}</translation>
    </message>
    <message>
        <source>Add frame {title}</source>
        <translation>添加注释框 {title}</translation>
    </message>
    <message>
        <source>Delete frame {title}</source>
        <translation>删除注释框 {title}</translation>
    </message>
    <message>
        <source>Set {node}.{attr} = {value}</source>
        <translation>设置 {node}.{attr} = {value}</translation>
    </message>
    <message>
        <source>Rename {old} to {new}</source>
        <translation>把 {old} 重命名为 {new}</translation>
    </message>
    <message>
        <source>Move {what}</source>
        <translation>移动 {what}</translation>
    </message>
    <message>
        <source>Rename graph {old} to {new}</source>
        <translation>把计算图 {old} 重命名为 {new}</translation>
    </message>
    <message>
        <source>Auto layout</source>
        <translation>自动布局</translation>
    </message>
</context>
<context>
    <name>ContextMenus</name>
    <message>
        <source>Blue</source>
        <translation>蓝色</translation>
    </message>
    <message>
        <source>Green</source>
        <translation>绿色</translation>
    </message>
    <message>
        <source>Brown</source>
        <translation>棕色</translation>
    </message>
    <message>
        <source>Purple</source>
        <translation>紫色</translation>
    </message>
    <message>
        <source>Teal</source>
        <translation>青色</translation>
    </message>
    <message>
        <source>Red</source>
        <translation>红色</translation>
    </message>
    <message>
        <source>Comment &amp;Frame Around Selection</source>
        <translation>为所选内容添加注释框(&amp;F)</translation>
    </message>
    <message>
        <source>Remove Reroute Point</source>
        <translation>移除转折点</translation>
    </message>
    <message>
        <source>Disconnect All</source>
        <translation>断开所有连线</translation>
    </message>
    <message>
        <source>Delete Wire</source>
        <translation>删除连线</translation>
    </message>
    <message>
        <source>Insert Node…</source>
        <translation>插入节点…</translation>
    </message>
    <message>
        <source>Add Reroute Point	Double Click</source>
        <translation>添加转折点	双击</translation>
    </message>
    <message>
        <source>Rename Frame…	Double Click</source>
        <translation>重命名注释框…	双击</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>颜色</translation>
    </message>
    <message>
        <source>Delete Frame (Keep Nodes)</source>
        <translation>删除注释框（保留节点）</translation>
    </message>
    <message>
        <source>Add Node…	Tab</source>
        <translation>添加节点…	Tab</translation>
    </message>
    <message>
        <source>Paste Here</source>
        <translation>粘贴到此处</translation>
    </message>
</context>
<context>
    <name>Curves</name>
    <message>
        <source>press Run: the loss and accuracy of each step appear here</source>
        <translation>按“运行”：每一步的损失和准确率会显示在这里</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>each step</source>
        <translation>每一步</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>每轮</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>验证集</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>the recorded probe steps: drag to redraw the canvas as it was</source>
        <translation>已记录的探测步：拖动以重现画布当时的样子</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>时间轴</translation>
    </message>
    <message>
        <source>Replay sweep</source>
        <translation>重放传播过程</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>实时</translation>
    </message>
    <message>
        <source>follow the newest frames again</source>
        <translation>重新跟随最新的帧</translation>
    </message>
    <message>
        <source>step {step}</source>
        <translation>第 {step} 步</translation>
    </message>
    <message>
        <source>live</source>
        <translation>实时</translation>
    </message>
</context>
<context>
    <name>Datasets</name>
    <message>
        <source>the four XOR points, repeated; 2 features, 2 classes</source>
        <translation>四个 XOR 点，重复多次；2 个特征，2 个类别</translation>
    </message>
    <message>
        <source>two interleaving half circles; 2 features</source>
        <translation>两个交错的半圆；2 个特征</translation>
    </message>
    <message>
        <source>two concentric circles; 2 features</source>
        <translation>两个同心圆；2 个特征</translation>
    </message>
    <message>
        <source>two spiral arms; 2 features</source>
        <translation>两条螺旋臂；2 个特征</translation>
    </message>
    <message>
        <source>three Gaussian blobs; 2 features, 3 classes</source>
        <translation>三个高斯团；2 个特征，3 个类别</translation>
    </message>
    <message>
        <source>regression y = sin(x) + noise; 1 feature</source>
        <translation>回归 y = sin(x) + 噪声；1 个特征</translation>
    </message>
    <message>
        <source>the seed document&apos;s task: 10 features, binary label from a fixed random linear rule</source>
        <translation>种子文档中的任务：10 个特征，由固定的随机线性规则得到的二元标签</translation>
    </message>
    <message>
        <source>scikit-learn&apos;s 8x8 digits: 1797 samples, 64 features in [0, 1], 10 classes</source>
        <translation>scikit-learn 的 8x8 手写数字：1797 个样本，64 个 [0, 1] 之间的特征，10 个类别</translation>
    </message>
    <message>
        <source>scikit-learn&apos;s iris: 150 samples, 4 features, 3 classes</source>
        <translation>scikit-learn 的鸢尾花：150 个样本，4 个特征，3 个类别</translation>
    </message>
    <message>
        <source>scikit-learn&apos;s wine: 178 samples, 13 features, 3 classes</source>
        <translation>scikit-learn 的葡萄酒：178 个样本，13 个特征，3 个类别</translation>
    </message>
    <message>
        <source>scikit-learn&apos;s breast cancer: 569 samples, 30 features, 2 classes</source>
        <translation>scikit-learn 的乳腺癌：569 个样本，30 个特征，2 个类别</translation>
    </message>
    <message>
        <source>the adding problem: [N, 20, 2] (a value and a marker per step), the sum of the two marked values</source>
        <translation>加法问题：[N, 20, 2]（每一步一个值和一个标记），结果是两个被标记的值之和</translation>
    </message>
    <message>
        <source>bit parity: [N, 8, 1] bits, 1 when the count of ones is odd; 2 classes</source>
        <translation>比特奇偶性：[N, 8, 1] 个比特，1 的个数为奇数时为 1；2 个类别</translation>
    </message>
    <message>
        <source>noisy sine, square and sawtooth waves [N, 32, 1]; 3 classes</source>
        <translation>带噪声的正弦波、方波和锯齿波 [N, 32, 1]；3 个类别</translation>
    </message>
    <message>
        <source>next character after 16 of a bundled text (Alice in Wonderland): int64 ids [N, 16], 41 classes</source>
        <translation>自带文本（《爱丽丝梦游仙境》）中 16 个字符之后的下一个字符：int64 编号 [N, 16]，41 个类别</translation>
    </message>
    <message>
        <source>no data: for graphs without Inputs (e.g. scalar_expr)</source>
        <translation>没有数据：用于没有 Input 的计算图（例如 scalar_expr）</translation>
    </message>
</context>
<context>
    <name>DecisionView</name>
    <message>
        <source>2-D datasets (xor, moons, circles, spirals, blobs) show their points and the model&apos;s decision regions here as it trains; sine shows the fitted curve</source>
        <translation>二维数据集（xor、moons、circles、spirals、blobs）会在训练时在这里显示数据点和模型的决策区域；sine 显示拟合的曲线</translation>
    </message>
    <message>
        <source>click a training point to step through that row</source>
        <translation>点击一个训练点，逐步执行该行</translation>
    </message>
    <message>
        <source>{train} training points (filled), {val} validation (rings); background: the model&apos;s class there; white: its boundary</source>
        <translation>{train} 个训练点（实心），{val} 个验证点（圆环）；背景：模型在该处预测的类别；白色：决策边界</translation>
    </message>
    <message>
        <source>the data (training filled, validation rings) and the model&apos;s prediction along x (white)</source>
        <translation>数据（训练点实心，验证点圆环）以及模型沿 x 的预测（白色）</translation>
    </message>
</context>
<context>
    <name>EditActions</name>
    <message>
        <source>Delete selection</source>
        <translation>删除所选内容</translation>
    </message>
</context>
<context>
    <name>Editor</name>
    <message>
        <source>Add {op} and connect to {where}</source>
        <translation>添加 {op} 并连接到 {where}</translation>
    </message>
    <message>
        <source>{n} wires</source>
        <translation>{n} 条连线</translation>
    </message>
    <message>
        <source>Delete {what}</source>
        <translation>删除 {what}</translation>
    </message>
    <message>
        <source>Delete {what} and reconnect</source>
        <translation>删除 {what} 并重新连接</translation>
    </message>
    <message>
        <source>{op} &quot;{label}&quot; has no input that takes this wire</source>
        <translation>{op} &quot;{label}&quot; 没有能接收这条连线的输入</translation>
    </message>
    <message>
        <source>{op} &quot;{label}&quot; gives values that input {port} of {dst_op} &quot;{dst}&quot; does not take</source>
        <translation>{op} &quot;{label}&quot; 输出的值不能被 {dst_op} &quot;{dst}&quot; 的输入 {port} 接收</translation>
    </message>
    <message>
        <source>Insert {what} into {wire}</source>
        <translation>把 {what} 插入 {wire}</translation>
    </message>
    <message>
        <source>Disconnect {wire}</source>
        <translation>断开 {wire}</translation>
    </message>
    <message>
        <source>Move wire to {wire}</source>
        <translation>把连线移到 {wire}</translation>
    </message>
    <message>
        <source>cannot be empty</source>
        <translation>不能为空</translation>
    </message>
    <message>
        <source>the graph&apos;s name {problem}</source>
        <translation>计算图的名称{problem}</translation>
    </message>
    <message>
        <source>{op} &quot;{label}&quot;: input {port} still has a wire; disconnect it first</source>
        <translation>{op} &quot;{label}&quot;：输入 {port} 仍有连线；请先断开它</translation>
    </message>
    <message>
        <source>Paste {n} node(s)</source>
        <translation>粘贴 {n} 个节点</translation>
    </message>
</context>
<context>
    <name>ExportActions</name>
    <message>
        <source>Cannot export code</source>
        <translation>无法导出代码</translation>
    </message>
    <message>
        <source>cannot write {path}: {err}</source>
        <translation>无法写入 {path}：{err}</translation>
    </message>
    <message>
        <source>Wrote {path}</source>
        <translation>已写入 {path}</translation>
    </message>
    <message>
        <source>Cannot export picture</source>
        <translation>无法导出图片</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>PyTorch source (.py)</source>
        <translation>PyTorch 源代码（.py）</translation>
    </message>
    <message>
        <source>TensorFlow source (.py)</source>
        <translation>TensorFlow 源代码（.py）</translation>
    </message>
    <message>
        <source>ONNX model (.onnx)</source>
        <translation>ONNX 模型（.onnx）</translation>
    </message>
    <message>
        <source>TensorFlow SavedModel (folder)</source>
        <translation>TensorFlow SavedModel（文件夹）</translation>
    </message>
    <message>
        <source>Weights only (.npz)</source>
        <translation>仅权重（.npz）</translation>
    </message>
    <message>
        <source>Export Model</source>
        <translation>导出模型</translation>
    </message>
    <message>
        <source>with the training loop (data, optimizer, epochs)</source>
        <translation>包含训练循环（数据、优化器、训练轮数）</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Save to</source>
        <translation>保存到</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>the seed&apos;s (this document has not been trained)</source>
        <translation>由随机种子生成的初始权重（此文档尚未训练）</translation>
    </message>
    <message>
        <source>the trained weights ({n} arrays)</source>
        <translation>训练得到的权重（{n} 个数组）</translation>
    </message>
    <message>
        <source>; {names} start from the seed</source>
        <translation>；{names} 从随机种子开始</translation>
    </message>
    <message>
        <source>choose where to save the export</source>
        <translation>请选择导出的保存位置</translation>
    </message>
    <message>
        <source>{path} is the graph file itself; choose another path</source>
        <translation>{path} 就是计算图文件本身；请选择其他路径</translation>
    </message>
    <message>
        <source>that would replace {name}, the weights the graph file names (File &gt; Save writes it); choose another path</source>
        <translation>这会覆盖 {name}，即计算图文件所指定的权重文件（由“文件 &gt; 保存”写入）；请选择其他路径</translation>
    </message>
    <message>
        <source>the graph has errors; fix them first (see Problems)</source>
        <translation>计算图有错误；请先修正（见“问题”）</translation>
    </message>
    <message>
        <source>exporting {what} (the worker imports the framework the first time; this takes a few seconds)…</source>
        <translation>正在导出{what}（工作进程第一次需要导入框架，这需要几秒钟）…</translation>
    </message>
    <message>
        <source>Wrote {files}</source>
        <translation>已写入 {files}</translation>
    </message>
    <message>
        <source> and </source>
        <translation> 和 </translation>
    </message>
    <message>
        <source>{why}, so the export was not written; try again (a new worker starts)</source>
        <translation>{why}，因此没有写入导出文件；请重试（会启动新的工作进程）</translation>
    </message>
</context>
<context>
    <name>FeatureMaps</name>
    <message>
        <source>the input these maps were computed from</source>
        <translation>计算这些特征图所用的输入</translation>
    </message>
    <message>
        <source>channel {i}: from {lo} (black) to {hi} (white)</source>
        <translation>通道 {i}：从 {lo}（黑）到 {hi}（白）</translation>
    </message>
    <message>
        <source>filters {key} {shape} (mid grey is 0, white positive, black negative)</source>
        <translation>卷积核 {key} {shape}（中灰为 0，白为正，黑为负）</translation>
    </message>
    <message>
        <source>filters {key} {shape} (mid grey is 0, white positive, black negative, input channel 0 of {n})</source>
        <translation>卷积核 {key} {shape}（中灰为 0，白为正，黑为负；{n} 个输入通道中的第 0 个）</translation>
    </message>
    <message>
        <source>(this node has no filters of its own: its input&apos;s maps, transformed)</source>
        <translation>（这个节点没有自己的卷积核：显示的是它输入的特征图经过变换后的结果）</translation>
    </message>
    <message>
        <source>running the forward pass for the feature maps…</source>
        <translation>正在为特征图运行前向传播…</translation>
    </message>
    <message>
        <source>the worker is not running</source>
        <translation>工作进程没有运行</translation>
    </message>
    <message>
        <source>{title}: {n} unit(s) over the data&apos;s plane (dark = low, bright = high)</source>
        <translation>{title}：{n} 个单元在数据平面上的响应（暗 = 低，亮 = 高）</translation>
    </message>
</context>
<context>
    <name>FileActions</name>
    <message>
        <source>untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <source>Cannot open file</source>
        <translation>无法打开文件</translation>
    </message>
    <message>
        <source>{problem}; the graph starts from its seed</source>
        <translation>{problem}；计算图将从其随机种子重新开始</translation>
    </message>
    <message>
        <source>Cannot open example</source>
        <translation>无法打开示例</translation>
    </message>
    <message>
        <source>{name} (example)</source>
        <translation>{name}（示例）</translation>
    </message>
    <message>
        <source>Cannot save</source>
        <translation>无法保存</translation>
    </message>
    <message>
        <source>cannot write {path}: {err}</source>
        <translation>无法写入 {path}：{err}</translation>
    </message>
    <message>
        <source>Saved the graph without its trained weights: it has errors, so they have no names yet. Fix the errors and save again to keep them.</source>
        <translation>已保存计算图，但未保存训练得到的权重：计算图有错误，权重还没有名称。请修正错误后再次保存以保留权重。</translation>
    </message>
</context>
<context>
    <name>Help</name>
    <message>
        <source>Tab / double click</source>
        <translation>Tab / 双击</translation>
    </message>
    <message>
        <source>add a node: search by name or category (fuzzy: &apos;lrl&apos; finds LeakyReLU)</source>
        <translation>添加节点：按名称或类别搜索（模糊匹配：&apos;lrl&apos; 能找到 LeakyReLU）</translation>
    </message>
    <message>
        <source>drag from a port</source>
        <translation>从端口拖动</translation>
    </message>
    <message>
        <source>draw a wire; let go on empty canvas to add a node wired to it</source>
        <translation>画一条连线；在空白画布上松开会添加一个与之相连的节点</translation>
    </message>
    <message>
        <source>drag from a connected input</source>
        <translation>从已连接的输入拖动</translation>
    </message>
    <message>
        <source>pull the wire off: drop it on another input or let go</source>
        <translation>拔下连线：把它放到另一个输入上，或直接松开</translation>
    </message>
    <message>
        <source>drop a node on a wire</source>
        <translation>把节点拖放到连线上</translation>
    </message>
    <message>
        <source>insert it into the wire</source>
        <translation>把它插入这条连线</translation>
    </message>
    <message>
        <source>double click / Alt+click a wire</source>
        <translation>双击 / Alt+单击连线</translation>
    </message>
    <message>
        <source>add a reroute point there; drag it to bend the wire, Delete or right click removes it</source>
        <translation>在该处添加转折点；拖动它使连线弯折，按 Delete 或右键可移除</translation>
    </message>
    <message>
        <source>Ctrl+J</source>
        <translation>Ctrl+J</translation>
    </message>
    <message>
        <source>comment frame around the selected nodes (also in the right-click menu)</source>
        <translation>为选中的节点添加注释框（右键菜单中也有）</translation>
    </message>
    <message>
        <source>double click a frame&apos;s title</source>
        <translation>双击注释框的标题</translation>
    </message>
    <message>
        <source>rename the frame; drag the title to move it with its nodes, the corner to resize it</source>
        <translation>重命名注释框；拖动标题可连同其中的节点一起移动，拖动角落可调整大小</translation>
    </message>
    <message>
        <source>right click</source>
        <translation>右键单击</translation>
    </message>
    <message>
        <source>the menu for the canvas, a node or a wire</source>
        <translation>画布、节点或连线的菜单</translation>
    </message>
    <message>
        <source>Escape</source>
        <translation>Escape</translation>
    </message>
    <message>
        <source>drop the wire being dragged (nothing changes), else clear the selection</source>
        <translation>放弃正在拖动的连线（不做任何更改），否则清除选择</translation>
    </message>
    <message>
        <source>middle drag / Space + drag</source>
        <translation>中键拖动 / 空格 + 拖动</translation>
    </message>
    <message>
        <source>pan</source>
        <translation>平移</translation>
    </message>
    <message>
        <source>wheel</source>
        <translation>滚轮</translation>
    </message>
    <message>
        <source>zoom about the cursor</source>
        <translation>以光标为中心缩放</translation>
    </message>
    <message>
        <source>F / Shift+F</source>
        <translation>F / Shift+F</translation>
    </message>
    <message>
        <source>frame everything / the selection</source>
        <translation>显示全部 / 显示所选</translation>
    </message>
    <message>
        <source>drag at the edge</source>
        <translation>在边缘拖动</translation>
    </message>
    <message>
        <source>the canvas pans while a node, wire or box is dragged there</source>
        <translation>把节点、连线或选框拖到边缘时画布会自动平移</translation>
    </message>
    <message>
        <source>click the minimap</source>
        <translation>单击小地图</translation>
    </message>
    <message>
        <source>show that part of the graph</source>
        <translation>显示计算图的那一部分</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
</context>
<context>
    <name>ImportActions</name>
    <message>
        <source>Importing a PyTorch module runs its Python file, as importing any Python code does. Only import files you trust.</source>
        <translation>导入 PyTorch 模块会运行它的 Python 文件，就像导入任何 Python 代码一样。请只导入你信任的文件。</translation>
    </message>
    <message>
        <source>Import model</source>
        <translation>导入模型</translation>
    </message>
    <message>
        <source>Import a PyTorch module</source>
        <translation>导入 PyTorch 模块</translation>
    </message>
    <message>
        <source>Run {name}?</source>
        <translation>运行 {name} 吗？</translation>
    </message>
    <message>
        <source>PyTorch module</source>
        <translation>PyTorch 模块</translation>
    </message>
    <message>
        <source>Class name (built with no arguments):</source>
        <translation>类名（不带参数构造）：</translation>
    </message>
    <message>
        <source>Example input shape, batch first:</source>
        <translation>示例输入形状，批量维在前：</translation>
    </message>
    <message>
        <source>Importing {name}…</source>
        <translation>正在导入 {name}…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Import cancelled</source>
        <translation>已取消导入</translation>
    </message>
    <message>
        <source>Cannot import model</source>
        <translation>无法导入模型</translation>
    </message>
    <message>
        <source>graphlab import exited {code}</source>
        <translation>graphlab import 以代码 {code} 退出</translation>
    </message>
    <message>
        <source>Imported {name}: {n} nodes; save it to keep it</source>
        <translation>已导入 {name}：{n} 个节点；请保存以保留它</translation>
    </message>
</context>
<context>
    <name>Insights</name>
    <message>
        <source>each node&apos;s mean gradient appears here once a run records probes</source>
        <translation>训练记录探测数据后，这里会显示每个节点的平均梯度</translation>
    </message>
    <message>
        <source>health cues appear here once a run has recorded probes</source>
        <translation>训练记录探测数据后，这里会显示健康提示</translation>
    </message>
    <message>
        <source>select a node to see its histograms over time</source>
        <translation>选择一个节点，查看它的直方图随时间的变化</translation>
    </message>
    <message>
        <source>value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>gradient</source>
        <translation>梯度</translation>
    </message>
    <message>
        <source>{name}: mean {mean}  std {std}  [{lo}, {hi}]  zeros {zeros}</source>
        <translation>{name}：均值 {mean}  标准差 {std}  [{lo}, {hi}]  零 {zeros}</translation>
    </message>
    <message>
        <source>  non-finite {share}</source>
        <translation>  非有限 {share}</translation>
    </message>
    <message>
        <source>  samples: {values}</source>
        <translation>  样本：{values}</translation>
    </message>
    <message>
        <source>probe</source>
        <translation>探测</translation>
    </message>
    <message>
        <source>its histograms appear once a run records probes</source>
        <translation>训练记录探测数据后，这里会显示它的直方图</translation>
    </message>
    <message>
        <source>{title}: {n} probes, steps {first}–{last}</source>
        <translation>{title}：{n} 次探测，第 {first}–{last} 步</translation>
    </message>
    <message>
        <source>no problems seen in the recent probes</source>
        <translation>最近的探测中没有发现问题</translation>
    </message>
    <message>
        <source>{node}: {cue}</source>
        <translation>{node}：{cue}</translation>
    </message>
</context>
<context>
    <name>Inspector</name>
    <message>
        <source>name in code</source>
        <translation>代码中的名称</translation>
    </message>
    <message>
        <source>the node&apos;s label on the canvas and in messages</source>
        <translation>节点在画布和消息中显示的标签</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Graph name</source>
        <translation>计算图名称</translation>
    </message>
    <message>
        <source>&lt;b&gt;Graph&lt;/b&gt; &lt;i&gt;(select a node to see and edit it)&lt;/i&gt;</source>
        <translation>&lt;b&gt;计算图&lt;/b&gt; &lt;i&gt;（选择一个节点以查看和编辑）&lt;/i&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Inputs&lt;/b&gt;</source>
        <translation>&lt;b&gt;输入&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Outputs&lt;/b&gt;</source>
        <translation>&lt;b&gt;输出&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Parameters&lt;/b&gt; {params}&lt;br&gt;&lt;b&gt;FLOPs&lt;/b&gt; {flops}&lt;br&gt;&lt;b&gt;Memory&lt;/b&gt; {weights} weights, {activations} activations (batch {batch})</source>
        <translation>&lt;b&gt;参数&lt;/b&gt; {params}&lt;br&gt;&lt;b&gt;浮点运算&lt;/b&gt; {flops}&lt;br&gt;&lt;b&gt;内存&lt;/b&gt; 权重 {weights}，激活值 {activations}（批量 {batch}）</translation>
    </message>
    <message>
        <source>&lt;br&gt;&lt;b&gt;Weights&lt;/b&gt; {note}</source>
        <translation>&lt;br&gt;&lt;b&gt;权重&lt;/b&gt; {note}</translation>
    </message>
    <message>
        <source>a list of whole numbers like 1, 28, 28</source>
        <translation>一组整数，例如 1, 28, 28</translation>
    </message>
    <message>
        <source>a list of whole numbers like 0, 2, 1</source>
        <translation>一组整数，例如 0, 2, 1</translation>
    </message>
    <message>
        <source>a whole number or two like 3, 2</source>
        <translation>一个或两个整数，例如 3, 2</translation>
    </message>
    <message>
        <source>a whole number, &quot;same&quot;, &quot;valid&quot;, h, w or top, bottom, left, right</source>
        <translation>一个整数、&quot;same&quot;、&quot;valid&quot;、h, w 或 上, 下, 左, 右</translation>
    </message>
    <message>
        <source>a whole number, &quot;same&quot;, &quot;valid&quot; or left, right</source>
        <translation>一个整数、&quot;same&quot;、&quot;valid&quot; 或 左, 右</translation>
    </message>
    <message>
        <source>a whole number</source>
        <translation>一个整数</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>一个数</translation>
    </message>
    <message>
        <source>{attr} must be {what}, got {text}</source>
        <translation>{attr} 必须是{what}，实际为 {text}</translation>
    </message>
    <message>
        <source>empty: inferred</source>
        <translation>留空：自动推断</translation>
    </message>
    <message>
        <source>the seed&apos;s (not trained yet)</source>
        <translation>由随机种子生成（尚未训练）</translation>
    </message>
    <message>
        <source>start fresh: added after training</source>
        <translation>从头开始：在训练之后添加</translation>
    </message>
    <message>
        <source>trained</source>
        <translation>已训练</translation>
    </message>
    <message>
        <source>start fresh: its shapes changed since training</source>
        <translation>从头开始：训练之后它的形状变了</translation>
    </message>
</context>
<context>
    <name>Language</name>
    <message>
        <source>The language changes when graphlab is started again.</source>
        <translation>语言将在重新启动 graphlab 后生效。</translation>
    </message>
</context>
<context>
    <name>Legend</name>
    <message>
        <source>forward: width, colour = size of value</source>
        <translation>前向传播：粗细、颜色 = 值的大小</translation>
    </message>
    <message>
        <source>backward: width = log |∂L|; orange +, blue −</source>
        <translation>反向传播：粗细 = log |∂L|；橙色为正，蓝色为负</translation>
    </message>
    <message>
        <source>NaN or Inf</source>
        <translation>NaN 或 Inf</translation>
    </message>
    <message>
        <source>glow: forward sweep, backward sweep</source>
        <translation>光晕：前向传播、反向传播的进程</translation>
    </message>
    <message>
        <source>μ mean ± std · ‖∂L‖ grad norm · ⚠ cue</source>
        <translation>μ 均值 ± 标准差 · ‖∂L‖ 梯度范数 · ⚠ 提示</translation>
    </message>
</context>
<context>
    <name>Lessons</name>
    <message>
        <source>XOR: why a hidden layer is needed</source>
        <translation>XOR：为什么需要隐藏层</translation>
    </message>
    <message>
        <source>
&lt;h3&gt;XOR&lt;/h3&gt;
&lt;p&gt;Four points that no straight line separates. Two tanh units in a hidden layer bend the
space so the output layer can separate them.&lt;/p&gt;
&lt;p&gt;&lt;b&gt;Watch:&lt;/b&gt; press &lt;i&gt;Run&lt;/i&gt;. The loss falls in steps as the hidden units pick their
directions; the accuracy reaches 1. On the canvas the forward sweep lights
&lt;code&gt;hidden → tanh → logit&lt;/code&gt;, then the backward sweep returns orange (positive) and
blue (negative) gradients. As the loss goes to zero the backward wires thin out: there is
less and less to correct.&lt;/p&gt;
&lt;p&gt;&lt;b&gt;Try:&lt;/b&gt; pause, press &lt;i&gt;Start step-through&lt;/i&gt; and step one op at a time; the card
shows how &lt;code&gt;∂L/∂tanh&lt;/code&gt; is the upstream gradient times &lt;code&gt;1 − tanh²&lt;/code&gt;.&lt;/p&gt;
</source>
        <translation>
&lt;h3&gt;XOR&lt;/h3&gt;
&lt;p&gt;四个点，没有任何一条直线能把它们分开。隐藏层中的两个 tanh 单元把空间弯折，使输出层能够把它们分开。&lt;/p&gt;
&lt;p&gt;&lt;b&gt;观察：&lt;/b&gt;按&lt;i&gt;运行&lt;/i&gt;。随着隐藏单元选定各自的方向，损失一级一级地下降；准确率达到 1。画布上，前向传播依次点亮
&lt;code&gt;hidden → tanh → logit&lt;/code&gt;，随后反向传播以橙色（正）和蓝色（负）的梯度返回。损失趋近于零时，反向传播的连线逐渐变细：
需要修正的越来越少。&lt;/p&gt;
&lt;p&gt;&lt;b&gt;试一试：&lt;/b&gt;暂停，按&lt;i&gt;开始逐步执行&lt;/i&gt;，一次执行一个算子；卡片会显示 &lt;code&gt;∂L/∂tanh&lt;/code&gt;
等于上游梯度乘以 &lt;code&gt;1 − tanh²&lt;/code&gt;。&lt;/p&gt;
</translation>
    </message>
    <message>
        <source>Vanishing gradients in a deep sigmoid network</source>
        <translation>深层 sigmoid 网络中的梯度消失</translation>
    </message>
    <message>
        <source>
&lt;h3&gt;Deep sigmoid: vanishing gradients&lt;/h3&gt;
&lt;p&gt;Ten Linear+Sigmoid layers. The sigmoid&apos;s derivative is at most 0.25, so every layer
multiplies the gradient by a small number on its way back.&lt;/p&gt;
&lt;p&gt;&lt;b&gt;Watch:&lt;/b&gt; the &lt;i&gt;Gradient flow&lt;/i&gt; panel (log scale): the bars fall by orders of
magnitude from the head back to &lt;code&gt;fc1&lt;/code&gt;. The backward sweep&apos;s wires get thinner
towards the input, badges show tiny &lt;code&gt;‖∂L‖&lt;/code&gt;, and the health list marks the early
layers &lt;i&gt;vanishing&lt;/i&gt;. The loss hardly moves: the first layers are not learning.&lt;/p&gt;
&lt;p&gt;&lt;b&gt;Try:&lt;/b&gt; change the Sigmoids to ReLU (select, then change the op) and run again.&lt;/p&gt;
</source>
        <translation>
&lt;h3&gt;深层 sigmoid：梯度消失&lt;/h3&gt;
&lt;p&gt;十个 Linear+Sigmoid 层。sigmoid 的导数最大只有 0.25，所以梯度在反向传播的路上每经过一层都要乘以一个很小的数。&lt;/p&gt;
&lt;p&gt;&lt;b&gt;观察：&lt;/b&gt;&lt;i&gt;梯度流&lt;/i&gt;面板（对数刻度）：从输出头往回到 &lt;code&gt;fc1&lt;/code&gt;，柱子下降好几个数量级。反向传播的连线越靠近输入越细，
徽标显示很小的 &lt;code&gt;‖∂L‖&lt;/code&gt;，健康状况列表把前面几层标记为&lt;i&gt;梯度消失&lt;/i&gt;。损失几乎不动：前面的层没有在学习。&lt;/p&gt;
&lt;p&gt;&lt;b&gt;试一试：&lt;/b&gt;把各个 Sigmoid 改成 ReLU（选中后更换算子），再运行一次。&lt;/p&gt;
</translation>
    </message>
    <message>
        <source>Dead ReLUs: a learning rate that is too high</source>
        <translation>死亡 ReLU：学习率太高</translation>
    </message>
    <message>
        <source>
&lt;h3&gt;Dead ReLUs&lt;/h3&gt;
&lt;p&gt;A small ReLU network on the moons data, trained with SGD at learning rate 4: far too
high. A few large updates push the pre-activations of most units below zero for every
input. A ReLU that outputs zero has zero gradient, so it never recovers.&lt;/p&gt;
&lt;p&gt;&lt;b&gt;Watch:&lt;/b&gt; the badges of &lt;code&gt;relu1&lt;/code&gt; and &lt;code&gt;relu2&lt;/code&gt;: the health cue
shows the share of outputs that were zero over the recent probes climbing past 90%. The
backward wires before them go grey: no gradient reaches &lt;code&gt;fc1&lt;/code&gt;. Accuracy stays
near 50%.&lt;/p&gt;
&lt;p&gt;&lt;b&gt;Try:&lt;/b&gt; set the learning rate to 0.05 in the Train dock and run again.&lt;/p&gt;
</source>
        <translation>
&lt;h3&gt;死亡 ReLU&lt;/h3&gt;
&lt;p&gt;一个在 moons 数据上训练的小型 ReLU 网络，使用 SGD，学习率为 4：实在太高了。几次很大的更新把大多数单元的激活前的值推到零以下，
对所有输入都是如此。输出为零的 ReLU 梯度也为零，所以它再也无法恢复。&lt;/p&gt;
&lt;p&gt;&lt;b&gt;观察：&lt;/b&gt;&lt;code&gt;relu1&lt;/code&gt; 和 &lt;code&gt;relu2&lt;/code&gt; 的徽标：健康提示显示最近几次探测中输出为零的比例攀升到 90% 以上。
它们之前的反向传播连线变成灰色：没有梯度能到达 &lt;code&gt;fc1&lt;/code&gt;。准确率停留在 50% 左右。&lt;/p&gt;
&lt;p&gt;&lt;b&gt;试一试：&lt;/b&gt;在“训练”面板中把学习率设为 0.05，再运行一次。&lt;/p&gt;
</translation>
    </message>
    <message>
        <source>Exploding gradients</source>
        <translation>梯度爆炸</translation>
    </message>
    <message>
        <source>
&lt;h3&gt;Exploding gradients&lt;/h3&gt;
&lt;p&gt;Seven Linear layers with no activation between them, trained by SGD at learning rate
0.5. Each update makes the weights larger, which makes the next gradients larger: the
product of the layers&apos; scales grows without bound.&lt;/p&gt;
&lt;p&gt;&lt;b&gt;Watch:&lt;/b&gt; the loss curve shoots up within a few steps; the gradient wires thicken
step by step; then the run stops with a NaN/Inf and the node where it first appeared is
marked in magenta (&lt;i&gt;NaN starts here&lt;/i&gt;) and named in the status line.&lt;/p&gt;
&lt;p&gt;&lt;b&gt;Try:&lt;/b&gt; lower the learning rate to 0.01, or put a Tanh between the layers.&lt;/p&gt;
</source>
        <translation>
&lt;h3&gt;梯度爆炸&lt;/h3&gt;
&lt;p&gt;七个 Linear 层，层与层之间没有激活函数，用 SGD 以学习率 0.5 训练。每次更新都让权重变大，而更大的权重又让下一次的梯度更大：
各层尺度的乘积无限增长。&lt;/p&gt;
&lt;p&gt;&lt;b&gt;观察：&lt;/b&gt;损失曲线在几步之内急剧上升；梯度连线一步比一步粗；接着训练因出现 NaN/Inf 而停止，最先出现它的节点被标成品红色
（&lt;i&gt;NaN 从这里开始&lt;/i&gt;），并在状态栏中给出名称。&lt;/p&gt;
&lt;p&gt;&lt;b&gt;试一试：&lt;/b&gt;把学习率降到 0.01，或者在各层之间加入 Tanh。&lt;/p&gt;
</translation>
    </message>
    <message>
        <source>micrograd&apos;s example: backpropagation by hand</source>
        <translation>micrograd 的例子：手算反向传播</translation>
    </message>
    <message>
        <source>
&lt;h3&gt;micrograd&apos;s example&lt;/h3&gt;
&lt;p&gt;The expression from the README of Andrej Karpathy&apos;s &lt;i&gt;micrograd&lt;/i&gt;, one node per
operation: &lt;code&gt;a = −4&lt;/code&gt;, &lt;code&gt;b = 2&lt;/code&gt;, &lt;code&gt;c = a + b&lt;/code&gt;,
&lt;code&gt;d = a·b + b³&lt;/code&gt;, &lt;code&gt;c += c + 1&lt;/code&gt;, &lt;code&gt;c += 1 + c + (−a)&lt;/code&gt;,
&lt;code&gt;d += 2d + relu(b + a)&lt;/code&gt;, &lt;code&gt;d += 3d + relu(b − a)&lt;/code&gt;,
&lt;code&gt;e = c − d&lt;/code&gt;, &lt;code&gt;f = e²&lt;/code&gt;, &lt;code&gt;g = f/2 + 10/f&lt;/code&gt;.
micrograd prints &lt;code&gt;g = 24.7041&lt;/code&gt;, &lt;code&gt;dg/da = 138.8338&lt;/code&gt; and
&lt;code&gt;dg/db = 645.5773&lt;/code&gt;.&lt;/p&gt;
&lt;p&gt;&lt;b&gt;Watch:&lt;/b&gt; press &lt;i&gt;Start step-through&lt;/i&gt; and &lt;i&gt;Forward all&lt;/i&gt;: the badge of
&lt;code&gt;g&lt;/code&gt; reads 24.7041. Step backward: every node&apos;s card shows the upstream gradient
times its op&apos;s local derivative (the formula is on the card); &lt;code&gt;a&lt;/code&gt; and
&lt;code&gt;b&lt;/code&gt; are used many times, so their cards add up one contribution per use, and
end at 138.834 and 645.577.&lt;/p&gt;
&lt;p&gt;&lt;b&gt;Try:&lt;/b&gt; press &lt;i&gt;Gradient check&lt;/i&gt; on &lt;code&gt;b&lt;/code&gt;: the finite difference agrees.
Change &lt;code&gt;a&lt;/code&gt;&apos;s value in the Inspector and step through again.&lt;/p&gt;
</source>
        <translation>
&lt;h3&gt;micrograd 的例子&lt;/h3&gt;
&lt;p&gt;来自 Andrej Karpathy 的 &lt;i&gt;micrograd&lt;/i&gt; README 中的表达式，每个运算一个节点：&lt;code&gt;a = −4&lt;/code&gt;，&lt;code&gt;b = 2&lt;/code&gt;，&lt;code&gt;c = a + b&lt;/code&gt;，
&lt;code&gt;d = a·b + b³&lt;/code&gt;，&lt;code&gt;c += c + 1&lt;/code&gt;，&lt;code&gt;c += 1 + c + (−a)&lt;/code&gt;，
&lt;code&gt;d += 2d + relu(b + a)&lt;/code&gt;，&lt;code&gt;d += 3d + relu(b − a)&lt;/code&gt;，
&lt;code&gt;e = c − d&lt;/code&gt;，&lt;code&gt;f = e²&lt;/code&gt;，&lt;code&gt;g = f/2 + 10/f&lt;/code&gt;。
micrograd 输出 &lt;code&gt;g = 24.7041&lt;/code&gt;、&lt;code&gt;dg/da = 138.8338&lt;/code&gt; 和
&lt;code&gt;dg/db = 645.5773&lt;/code&gt;。&lt;/p&gt;
&lt;p&gt;&lt;b&gt;观察：&lt;/b&gt;按&lt;i&gt;开始逐步执行&lt;/i&gt;，再按&lt;i&gt;全部前向传播&lt;/i&gt;：&lt;code&gt;g&lt;/code&gt; 的徽标显示 24.7041。向后逐步执行：每个节点的卡片显示
上游梯度乘以该算子的局部导数（公式写在卡片上）；&lt;code&gt;a&lt;/code&gt; 和 &lt;code&gt;b&lt;/code&gt; 被使用了很多次，所以它们的卡片把每次使用的贡献逐项相加，
最终得到 138.834 和 645.577。&lt;/p&gt;
&lt;p&gt;&lt;b&gt;试一试：&lt;/b&gt;在 &lt;code&gt;b&lt;/code&gt; 上按&lt;i&gt;梯度检验&lt;/i&gt;：有限差分的结果与之相符。在检查器中修改 &lt;code&gt;a&lt;/code&gt; 的值，再逐步执行一次。&lt;/p&gt;
</translation>
    </message>
    <message>
        <source>The chain rule at a fan-out</source>
        <translation>扇出处的链式法则</translation>
    </message>
    <message>
        <source>
&lt;h3&gt;The chain rule at a fan-out&lt;/h3&gt;
&lt;p&gt;&lt;code&gt;x&lt;/code&gt; is read by two ops: &lt;code&gt;h = tanh(x)&lt;/code&gt; and &lt;code&gt;m = x·w&lt;/code&gt;,
and &lt;code&gt;L = h + m&lt;/code&gt;. A change in &lt;code&gt;x&lt;/code&gt; reaches &lt;code&gt;L&lt;/code&gt; along both
paths, so &lt;code&gt;dL/dx&lt;/code&gt; is the sum of what each path sends back.&lt;/p&gt;
&lt;p&gt;&lt;b&gt;Watch:&lt;/b&gt; start the step-through and step to the end. The card of &lt;code&gt;x&lt;/code&gt;
has two lines: via &lt;code&gt;h&lt;/code&gt;, upstream 1 × (1 − tanh²(0.5)) = 0.786; via
&lt;code&gt;m&lt;/code&gt;, upstream 1 × w = −2; their sum, −1.214, is the gradient on the badge.
The two wires out of &lt;code&gt;x&lt;/code&gt; are coloured by what each consumer sent back.&lt;/p&gt;
&lt;p&gt;&lt;b&gt;Try:&lt;/b&gt; set &lt;code&gt;w&lt;/code&gt; to 0 in the Inspector: one path sends nothing back and
the sum is the tanh path alone. In the &lt;i&gt;residual&lt;/i&gt; example the same sum happens at
the skip connection.&lt;/p&gt;
</source>
        <translation>
&lt;h3&gt;扇出处的链式法则&lt;/h3&gt;
&lt;p&gt;&lt;code&gt;x&lt;/code&gt; 被两个算子读取：&lt;code&gt;h = tanh(x)&lt;/code&gt; 和 &lt;code&gt;m = x·w&lt;/code&gt;，
并且 &lt;code&gt;L = h + m&lt;/code&gt;。&lt;code&gt;x&lt;/code&gt; 的变化沿两条路径到达 &lt;code&gt;L&lt;/code&gt;，
所以 &lt;code&gt;dL/dx&lt;/code&gt; 是每条路径传回的量之和。&lt;/p&gt;
&lt;p&gt;&lt;b&gt;观察：&lt;/b&gt;开始逐步执行，一直执行到最后。&lt;code&gt;x&lt;/code&gt; 的卡片有两行：经由 &lt;code&gt;h&lt;/code&gt;，上游 1 × (1 − tanh²(0.5)) = 0.786；经由
&lt;code&gt;m&lt;/code&gt;，上游 1 × w = −2；两者之和 −1.214 就是徽标上的梯度。
从 &lt;code&gt;x&lt;/code&gt; 出发的两条连线按各自的使用者传回的值着色。&lt;/p&gt;
&lt;p&gt;&lt;b&gt;试一试：&lt;/b&gt;在检查器中把 &lt;code&gt;w&lt;/code&gt; 设为 0：有一条路径什么也不传回，
总和就只剩 tanh 那条路径。在 &lt;i&gt;residual&lt;/i&gt; 示例中，同样的求和发生在跳跃连接处。&lt;/p&gt;
</translation>
    </message>
    <message>
        <source>Learning rate too small</source>
        <translation>学习率太小</translation>
    </message>
    <message>
        <source>
&lt;h3&gt;Learning rate too small&lt;/h3&gt;
&lt;p&gt;A small tanh network on the moons data, trained with plain SGD at learning rate
0.001. Each update moves every weight by 0.001 × its gradient: in the right direction,
but far too little.&lt;/p&gt;
&lt;p&gt;&lt;b&gt;Watch:&lt;/b&gt; the loss curve creeps down almost in a straight line; after the run the
accuracy is still around 80%. Step through to the optimizer step: the card shows
&lt;code&gt;new w = w − lr·g&lt;/code&gt; and a change in the fourth decimal.&lt;/p&gt;
&lt;p&gt;&lt;b&gt;Try:&lt;/b&gt; set the learning rate to 0.5 in the Train dock and run again: the same
network fits the moons within a few epochs. Then open &lt;i&gt;Learning rate too large&lt;/i&gt;.&lt;/p&gt;
</source>
        <translation>
&lt;h3&gt;学习率太小&lt;/h3&gt;
&lt;p&gt;一个在 moons 数据上训练的小型 tanh 网络，使用普通 SGD，学习率为 0.001。每次更新让每个权重移动 0.001 × 它的梯度：
方向正确，但移动得太少了。&lt;/p&gt;
&lt;p&gt;&lt;b&gt;观察：&lt;/b&gt;损失曲线几乎沿直线缓慢下降；训练结束后准确率仍然只有 80% 左右。逐步执行到优化器步骤：卡片显示
&lt;code&gt;new w = w − lr·g&lt;/code&gt;，变化只出现在小数点后第四位。&lt;/p&gt;
&lt;p&gt;&lt;b&gt;试一试：&lt;/b&gt;在“训练”面板中把学习率设为 0.5，再运行一次：同一个网络在几轮之内就能拟合 moons 数据。然后打开&lt;i&gt;学习率太大&lt;/i&gt;。&lt;/p&gt;
</translation>
    </message>
    <message>
        <source>Learning rate too large</source>
        <translation>学习率太大</translation>
    </message>
    <message>
        <source>
&lt;h3&gt;Learning rate too large&lt;/h3&gt;
&lt;p&gt;The same network at learning rate 30. Each step jumps past the valley the gradient
points into, lands somewhere steeper, and jumps further.&lt;/p&gt;
&lt;p&gt;&lt;b&gt;Watch:&lt;/b&gt; the loss curve jumps up and down instead of falling, often far above
where it started (ln 2 ≈ 0.69); the validation loss is worse still. The tanh badges show
their units pinned at −1 and +1 (saturated): the weights have become huge. At the
optimizer step of a step-through the change of a weight is as large as the weight.&lt;/p&gt;
&lt;p&gt;&lt;b&gt;Try:&lt;/b&gt; 3, then 0.5. Somewhere between too small and too large the loss falls
fast and smoothly; that range is what tuning the learning rate looks for.&lt;/p&gt;
</source>
        <translation>
&lt;h3&gt;学习率太大&lt;/h3&gt;
&lt;p&gt;同一个网络，学习率为 30。每一步都越过梯度所指向的谷底，落到更陡的地方，然后跳得更远。&lt;/p&gt;
&lt;p&gt;&lt;b&gt;观察：&lt;/b&gt;损失曲线上下跳动而不是下降，常常远高于起点（ln 2 ≈ 0.69）；验证损失更糟。tanh 的徽标显示它们的单元被钉在 −1 和 +1
（饱和）：权重已经变得巨大。在逐步执行的优化器步骤中，一个权重的变化量和权重本身一样大。&lt;/p&gt;
&lt;p&gt;&lt;b&gt;试一试：&lt;/b&gt;先试 3，再试 0.5。在太小和太大之间的某个范围内，损失下降得又快又平稳；调节学习率就是在寻找这个范围。&lt;/p&gt;
</translation>
    </message>
    <message>
        <source>Why initialization matters</source>
        <translation>为什么初始化很重要</translation>
    </message>
    <message>
        <source>
&lt;h3&gt;Why initialization matters&lt;/h3&gt;
&lt;p&gt;Three tanh layers whose weight matrices &lt;code&gt;W1&lt;/code&gt;–&lt;code&gt;W3&lt;/code&gt; are Parameter
nodes that all start at zero. Then every hidden unit outputs 0, and every weight&apos;s
gradient is 0 too: dL/dW = (its input)ᵀ × (the gradient coming back), and either the
input is zero or the gradient came back through a zero weight.&lt;/p&gt;
&lt;p&gt;&lt;b&gt;Watch:&lt;/b&gt; press &lt;i&gt;Run&lt;/i&gt;: the loss stays at ln 2 ≈ 0.69 and the accuracy at
chance. Start a step-through: the cards of &lt;code&gt;z2&lt;/code&gt; and &lt;code&gt;z3&lt;/code&gt; show
dL/dW written out as a sum of terms that are all zero, and the optimizer step leaves
every weight where it was.&lt;/p&gt;
&lt;p&gt;&lt;b&gt;Try:&lt;/b&gt; select &lt;code&gt;W1&lt;/code&gt;, &lt;code&gt;W2&lt;/code&gt; and &lt;code&gt;W3&lt;/code&gt; and set their
&lt;i&gt;init&lt;/i&gt; to &lt;code&gt;normal&lt;/code&gt;: the symmetry is broken and the network learns. (A
Linear layer starts from ±1/√fan_in for the same reason: different for every unit, and
small enough that tanh does not saturate.)&lt;/p&gt;
</source>
        <translation>
&lt;h3&gt;为什么初始化很重要&lt;/h3&gt;
&lt;p&gt;三个 tanh 层，它们的权重矩阵 &lt;code&gt;W1&lt;/code&gt;–&lt;code&gt;W3&lt;/code&gt; 是全部从零开始的 Parameter 节点。于是每个隐藏单元都输出 0，
每个权重的梯度也都是 0：dL/dW = （它的输入）ᵀ × （传回的梯度），而输入要么为零，要么梯度是经过一个为零的权重传回来的。&lt;/p&gt;
&lt;p&gt;&lt;b&gt;观察：&lt;/b&gt;按&lt;i&gt;运行&lt;/i&gt;：损失停在 ln 2 ≈ 0.69，准确率停在随机猜测的水平。开始逐步执行：&lt;code&gt;z2&lt;/code&gt; 和 &lt;code&gt;z3&lt;/code&gt; 的卡片把
dL/dW 写成一串全为零的项之和，优化器步骤让每个权重都停在原地。&lt;/p&gt;
&lt;p&gt;&lt;b&gt;试一试：&lt;/b&gt;选中 &lt;code&gt;W1&lt;/code&gt;、&lt;code&gt;W2&lt;/code&gt; 和 &lt;code&gt;W3&lt;/code&gt;，把它们的 &lt;i&gt;init&lt;/i&gt; 设为 &lt;code&gt;normal&lt;/code&gt;：
对称性被打破，网络开始学习。（Linear 层出于同样的原因从 ±1/√fan_in 开始：每个单元各不相同，又小到不会让 tanh 饱和。）&lt;/p&gt;
</translation>
    </message>
</context>
<context>
    <name>LiveDocks</name>
    <message>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Curves</source>
        <translation>曲线</translation>
    </message>
    <message>
        <source>Gradient flow</source>
        <translation>梯度流</translation>
    </message>
    <message>
        <source>Histograms</source>
        <translation>直方图</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>健康状况</translation>
    </message>
    <message>
        <source>Insights</source>
        <translation>洞察</translation>
    </message>
    <message>
        <source>Step-through</source>
        <translation>逐步执行</translation>
    </message>
    <message>
        <source>Lesson</source>
        <translation>课程</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>&amp;Train</source>
        <translation>训练(&amp;T)</translation>
    </message>
    <message>
        <source>Run / Resume</source>
        <translation>运行 / 继续</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Step One Batch</source>
        <translation>训练一个批量</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Start Step-through</source>
        <translation>开始逐步执行</translation>
    </message>
    <message>
        <source>Reset Weights</source>
        <translation>重置权重</translation>
    </message>
    <message>
        <source>&amp;Lessons</source>
        <translation>课程(&amp;L)</translation>
    </message>
    <message>
        <source>{name} (lesson)</source>
        <translation>{name}（课程）</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Ops</source>
        <translation>算子</translation>
    </message>
    <message>
        <source>&lt;start&gt;</source>
        <translation>&lt;开始&gt;</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>检查器</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>{nodes} nodes · {params} params · {flops} FLOPs · {memory} to train · {errors}</source>
        <translation>{nodes} 个节点 · {params} 个参数 · {flops} 次浮点运算 · 训练需 {memory} · {errors}</translation>
    </message>
    <message>
        <source>no errors</source>
        <translation>没有错误</translation>
    </message>
    <message>
        <source>{n} error(s)</source>
        <translation>{n} 个错误</translation>
    </message>
    <message>
        <source>Open graph</source>
        <translation>打开计算图</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <source>Save changes to {name}?</source>
        <translation>保存对 {name} 的更改吗？</translation>
    </message>
    <message>
        <source>Unsaved weights</source>
        <translation>未保存的权重</translation>
    </message>
    <message>
        <source>Save trained weights? {name} was trained since it was saved.</source>
        <translation>保存训练得到的权重吗？{name} 在上次保存之后经过了训练。</translation>
    </message>
    <message>
        <source>an unsaved graph</source>
        <translation>一个未保存的计算图</translation>
    </message>
    <message>
        <source>Recover unsaved work?</source>
        <translation>恢复未保存的工作吗？</translation>
    </message>
    <message>
        <source>graphlab did not close cleanly. Recover the changes to {source} autosaved at {when}? (No deletes them.)</source>
        <translation>graphlab 上次没有正常关闭。要恢复 {source} 在 {when} 自动保存的更改吗？（选“否”将删除它们。）</translation>
    </message>
    <message>
        <source>Cannot recover</source>
        <translation>无法恢复</translation>
    </message>
    <message>
        <source>the recovery file could not be read: {problem}</source>
        <translation>无法读取恢复文件：{problem}</translation>
    </message>
</context>
<context>
    <name>Menus</name>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>新建(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Import Model…</source>
        <translation>导入模型(&amp;I)…</translation>
    </message>
    <message>
        <source>an ONNX or Keras file, or a PyTorch module (which runs its Python file), with its weights</source>
        <translation>ONNX 或 Keras 文件，或 PyTorch 模块（会运行其 Python 文件），连同其权重</translation>
    </message>
    <message>
        <source>Export &amp;Model…</source>
        <translation>导出模型(&amp;M)…</translation>
    </message>
    <message>
        <source>PyTorch or TensorFlow source, ONNX, SavedModel or the weights, with the current weights</source>
        <translation>PyTorch 或 TensorFlow 源代码、ONNX、SavedModel 或权重，使用当前的权重</translation>
    </message>
    <message>
        <source>Export PyTorch code…</source>
        <translation>导出 PyTorch 代码…</translation>
    </message>
    <message>
        <source>Export TensorFlow code…</source>
        <translation>导出 TensorFlow 代码…</translation>
    </message>
    <message>
        <source>Export picture as PNG…</source>
        <translation>将图片导出为 PNG…</translation>
    </message>
    <message>
        <source>Export picture as SVG…</source>
        <translation>将图片导出为 SVG…</translation>
    </message>
    <message>
        <source>&amp;Properties…</source>
        <translation>属性(&amp;P)…</translation>
    </message>
    <message>
        <source>the graph&apos;s name</source>
        <translation>计算图的名称</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;About graphlab</source>
        <translation>关于 graphlab(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>粘贴(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Duplicate</source>
        <translation>创建副本(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <source>Delete and &amp;Reconnect</source>
        <translation>删除并重新连接(&amp;R)</translation>
    </message>
    <message>
        <source>delete the selected nodes and wire what fed them into what they fed</source>
        <translation>删除选中的节点，并把它们的输入直接连到它们原来的输出目标</translation>
    </message>
    <message>
        <source>Select &amp;All</source>
        <translation>全选(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Rename…</source>
        <translation>重命名(&amp;R)…</translation>
    </message>
    <message>
        <source>Add &amp;Node…	Tab</source>
        <translation>添加节点(&amp;N)…	Tab</translation>
    </message>
    <message>
        <source>Auto &amp;Layout</source>
        <translation>自动布局(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Reset Layout</source>
        <translation>重置窗口布局(&amp;R)</translation>
    </message>
    <message>
        <source>put every dock back where it starts</source>
        <translation>把每个停靠窗口放回初始位置</translation>
    </message>
    <message>
        <source>Frame All	F</source>
        <translation>显示全部	F</translation>
    </message>
    <message>
        <source>Frame Selection	Shift+F</source>
        <translation>显示所选	Shift+F</translation>
    </message>
    <message>
        <source>Zoom In</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>Zoom Out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Open &amp;Example</source>
        <translation>打开示例(&amp;E)</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>E&amp;xport</source>
        <translation>导出(&amp;X)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Minimap</source>
        <translation>小地图(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>About graphlab</source>
        <translation>关于 graphlab</translation>
    </message>
    <message>
        <source>graphlab {version}: draw a network, see its shapes and code, train it and watch it learn.</source>
        <translation>graphlab {version}：画出一个网络，查看它的形状和代码，训练它并观察它如何学习。</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
</context>
<context>
    <name>Minimap</name>
    <message>
        <source>the whole graph: click or drag to show that part</source>
        <translation>整个计算图：单击或拖动以显示那一部分</translation>
    </message>
</context>
<context>
    <name>MultiGpu</name>
    <message>
        <source>stop the run first: a run on several GPUs trains on its own</source>
        <translation>请先停止当前训练：多 GPU 训练是独立运行的</translation>
    </message>
    <message>
        <source>not started: the run on several GPUs trains the saved file</source>
        <translation>未启动：多 GPU 训练使用已保存的文件</translation>
    </message>
    <message>
        <source>starting {n} processes (graphlab train --nproc {n})…</source>
        <translation>正在启动 {n} 个进程（graphlab train --nproc {n}）…</translation>
    </message>
    <message>
        <source>the run on several GPUs was stopped: the document closed</source>
        <translation>多 GPU 训练已停止：文档已关闭</translation>
    </message>
    <message>
        <source>cannot start graphlab train: {why}</source>
        <translation>无法启动 graphlab train：{why}</translation>
    </message>
    <message>
        <source>exit code {code}</source>
        <translation>退出代码 {code}</translation>
    </message>
    <message>
        <source>the run on several GPUs ended early: {last}</source>
        <translation>多 GPU 训练提前结束：{last}</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
</context>
<context>
    <name>NodeItem</name>
    <message>
        <source>block: double-click to open it</source>
        <translation>模块：双击打开</translation>
    </message>
    <message>
        <source>shape unknown: an input is missing or has a problem upstream</source>
        <translation>形状未知：缺少输入，或上游有问题</translation>
    </message>
</context>
<context>
    <name>Notes</name>
    <message>
        <source>comment frames belong to the top graph; go up a level (Alt+Up) to frame these nodes</source>
        <translation>注释框属于顶层计算图；请返回上一层（Alt+Up）再为这些节点添加注释框</translation>
    </message>
</context>
<context>
    <name>OpDocs</name>
    <message>
        <source>A tensor fed to the model from the data set. `shape` includes the batch dimension, written -1 and replaced by the batch size. role `feature` feeds the model; role `target` feeds only the loss (the labels).</source>
        <translation>从数据集送入模型的张量。`shape` 包含批量维，写作 -1，运行时替换为批量大小。role 为 `feature` 时送入模型；role 为 `target` 时只送入损失函数（即标签）。</translation>
    </message>
    <message>
        <source>A fixed tensor filled with `value`; not trained.</source>
        <translation>用 `value` 填充的固定张量；不参与训练。</translation>
    </message>
    <message>
        <source>A learnable tensor that is not part of a layer, e.g. the scalars of a micrograd-style teaching graph. `init` chooses how it starts; `constant` uses `value`.</source>
        <translation>不属于任何层的可学习张量，例如 micrograd 式教学计算图中的标量。`init` 决定它的初始值；`constant` 使用 `value`。</translation>
    </message>
    <message>
        <source>Fully connected layer y = x W^T + b over the last dimension. Weight layout [out_features, in_features]. in_features may be left empty to take it from the input.</source>
        <translation>全连接层 y = x W^T + b，作用于最后一维。权重布局为 [out_features, in_features]。in_features 可以留空，从输入中推断。</translation>
    </message>
    <message>
        <source>2-D convolution over NCHW input; weight layout [out, in / groups, kh, kw]. kernel, stride and dilation are one number or [h, w]; padding is pixels on every side, &quot;valid&quot;, &quot;same&quot; (output size ceil(H/stride), any extra pixel at the bottom/right), [h, w] or [top, bottom, left, right], written out as explicit pads. groups = in_channels is a depthwise convolution.</source>
        <translation>对 NCHW 输入做二维卷积；权重布局为 [out, in / groups, kh, kw]。kernel、stride 和 dilation 是一个数或 [h, w]；padding 是每一边填充的像素数、&quot;valid&quot;、&quot;same&quot;（输出大小为 ceil(H/stride)，多出的像素补在下方/右侧）、[h, w] 或 [top, bottom, left, right]，生成代码时写成显式的填充。groups = in_channels 即深度可分离卷积。</translation>
    </message>
    <message>
        <source>Maximum over windows of NCHW input; padded cells never win. ceil_mode follows torch (the last window starts inside the input or its leading padding).</source>
        <translation>在 NCHW 输入的各个窗口上取最大值；填充的格子永远不会胜出。ceil_mode 与 torch 一致（最后一个窗口从输入内部或其前导填充处开始）。</translation>
    </message>
    <message>
        <source>Mean over windows of NCHW input. count_include_pad: padded cells count as zeros in the mean (else only input cells count); cells that ceil_mode adds past the end never count.</source>
        <translation>在 NCHW 输入的各个窗口上取平均值。count_include_pad：填充的格子按零计入平均（否则只计输入格子）；ceil_mode 在末尾额外添加的格子从不计入。</translation>
    </message>
    <message>
        <source>Mean over the spatial dimensions: [N, C, H, W] -&gt; [N, C].</source>
        <translation>在空间维度上取平均：[N, C, H, W] -&gt; [N, C]。</translation>
    </message>
    <message>
        <source>Batch normalisation over dim 1 of [N, C], [N, C, W] or [N, C, H, W]. Training uses the batch&apos;s biased variance; running statistics update as running = (1 - momentum) * running + momentum * batch (the torch convention, written out for TF too), with the unbiased variance. Evaluation uses the running statistics.</source>
        <translation>在 [N, C]、[N, C, W] 或 [N, C, H, W] 的第 1 维上做批量归一化。训练时使用该批量的有偏方差；运行统计量按 running = (1 - momentum) * running + momentum * batch 更新（torch 的约定，TF 也照此写出），使用无偏方差。评估时使用运行统计量。</translation>
    </message>
    <message>
        <source>Normalises each sample over its last last_dims dimensions with the biased variance, then scales and shifts (weight and bias of those dimensions&apos; shape).</source>
        <translation>对每个样本的最后 last_dims 个维度用有偏方差做归一化，然后缩放和平移（weight 和 bias 的形状与这些维度相同）。</translation>
    </message>
    <message>
        <source>While training, zeroes each element with probability p and scales the rest by 1/(1-p); does nothing in evaluation.</source>
        <translation>训练时以概率 p 把每个元素置零，其余元素乘以 1/(1-p)；评估时不做任何操作。</translation>
    </message>
    <message>
        <source>Looks up a learnable vector for each integer index; weight [num_embeddings, dim].</source>
        <translation>为每个整数索引查找一个可学习的向量；权重为 [num_embeddings, dim]。</translation>
    </message>
    <message>
        <source>1-D convolution over NCW input (channels, then length); weight layout [out, in / groups, k]. padding is cells on each end, &quot;valid&quot;, &quot;same&quot; (output ceil(W/stride), any extra at the end) or [left, right], written out as explicit pads.</source>
        <translation>对 NCW 输入（通道，然后是长度）做一维卷积；权重布局为 [out, in / groups, k]。padding 是两端各填充的格子数、&quot;valid&quot;、&quot;same&quot;（输出为 ceil(W/stride)，多出的补在末尾）或 [left, right]，生成代码时写成显式的填充。</translation>
    </message>
    <message>
        <source>Transposed 2-D convolution (the gradient of a Conv2d with respect to its input) over NCHW input; weight layout [in, out / groups, kh, kw]. Output size (H - 1) * stride - 2 * padding + dilation * (k - 1) + output_padding + 1.</source>
        <translation>对 NCHW 输入做二维转置卷积（Conv2d 关于其输入的梯度）；权重布局为 [in, out / groups, kh, kw]。输出大小为 (H - 1) * stride - 2 * padding + dilation * (k - 1) + output_padding + 1。</translation>
    </message>
    <message>
        <source>Maximum over windows of NCW input; padded cells never win. ceil_mode follows torch (the last window starts inside the input or its leading padding).</source>
        <translation>在 NCW 输入的各个窗口上取最大值；填充的格子永远不会胜出。ceil_mode 与 torch 一致（最后一个窗口从输入内部或其前导填充处开始）。</translation>
    </message>
    <message>
        <source>Mean over windows of NCW input. count_include_pad: padded cells count as zeros in the mean (else only input cells count); cells that ceil_mode adds past the end never count.</source>
        <translation>在 NCW 输入的各个窗口上取平均值。count_include_pad：填充的格子按零计入平均（否则只计输入格子）；ceil_mode 在末尾额外添加的格子从不计入。</translation>
    </message>
    <message>
        <source>Resizes NCHW input to size [h, w] or by an integer scale_factor. nearest takes input cell floor(i * in / out); bilinear interpolates with align_corners written out (false: half-pixel centres, as torch and TF 2 resize; true: the corner cells align).</source>
        <translation>把 NCHW 输入缩放到大小 [h, w]，或按整数 scale_factor 缩放。nearest 取输入格子 floor(i * in / out)；bilinear 做双线性插值，并显式写出 align_corners（false：半像素中心，与 torch 和 TF 2 的 resize 一致；true：角落的格子对齐）。</translation>
    </message>
    <message>
        <source>Splits the channels (dim 1) into num_groups consecutive groups and normalises each group of each sample over its channels and positions with the biased variance, then scales and shifts per channel. The same in training and evaluation.</source>
        <translation>把通道（第 1 维）分成 num_groups 个连续的组，对每个样本的每一组在其通道和位置上用有偏方差归一化，然后按通道缩放和平移。训练和评估时相同。</translation>
    </message>
    <message>
        <source>softmax(q k^T * scale + mask) v over the last two dims of q [..., Tq, D], k [..., Tk, D] and v [..., Tk, Dv]. The optional `mask` (bool, or integers read as nonzero = True; broadcast to [..., Tq, Tk]) is True where a query may attend to a key (PyTorch&apos;s convention); `causal` also hides key j from query i when j &gt; i. A query with every key hidden gets zeros and no gradient (PyTorch&apos;s rule, written out for TF). scale empty: 1/sqrt(D).</source>
        <translation>在 q [..., Tq, D]、k [..., Tk, D] 和 v [..., Tk, Dv] 的最后两维上计算 softmax(q k^T * scale + mask) v。可选的 `mask`（bool，或按非零 = True 读取的整数；广播到 [..., Tq, Tk]）为 True 的位置表示查询可以关注该键（PyTorch 的约定）；`causal` 还会在 j &gt; i 时对查询 i 隐藏键 j。所有键都被隐藏的查询得到零且没有梯度（PyTorch 的规则，TF 也照此写出）。scale 留空：1/sqrt(D)。</translation>
    </message>
    <message>
        <source>Multi-head attention over batch-first [N, T, E], PyTorch&apos;s nn.MultiheadAttention: q, k, v = the query, key and value times the rows of in_proj_weight [3E, E] (+ in_proj_bias), num_heads heads of E/num_heads, softmax(q k^T / sqrt(E/heads)) v, then out_proj. Self-attention with only `query` wired; cross-attention with `key` (and `value`, else the key). key_padding_mask [N, S] (bool, or integers read as nonzero = True) is True at padding keys, which no query attends to; `causal` hides key j from query i when j &gt; i. A query left with no key gets zeros before out_proj. Initial weights: uniform(+-1/sqrt(E)), biases zero.</source>
        <translation>对批量在前的 [N, T, E] 做多头注意力，即 PyTorch 的 nn.MultiheadAttention：q、k、v 分别是查询、键和值乘以 in_proj_weight [3E, E] 的各行（加上 in_proj_bias），num_heads 个头，每个头 E/num_heads 维，计算 softmax(q k^T / sqrt(E/heads)) v，然后经过 out_proj。只连接 `query` 时为自注意力；连接 `key`（以及 `value`，否则用 key）时为交叉注意力。key_padding_mask [N, S]（bool，或按非零 = True 读取的整数）在填充键处为 True，任何查询都不关注它们；`causal` 在 j &gt; i 时对查询 i 隐藏键 j。没有任何可用键的查询在 out_proj 之前得到零。初始权重：uniform(+-1/sqrt(E))，偏置为零。</translation>
    </message>
    <message>
        <source>Long short-term memory over batch-first x [N, T, F], PyTorch&apos;s nn.LSTM: gates i, f, g, o stacked in weight_ih_lK [4H, F] and weight_hh_lK [4H, H], two biases bias_ih_lK and bias_hh_lK (both added), zero initial state; c = f*c + i*g, h = o*tanh(c). `_reverse` weights run the backward direction. Initial weights: uniform(+-1/sqrt(H)).</source>
        <translation>对批量在前的 x [N, T, F] 做长短期记忆，即 PyTorch 的 nn.LSTM：门 i、f、g、o 堆叠在 weight_ih_lK [4H, F] 和 weight_hh_lK [4H, H] 中，两个偏置 bias_ih_lK 和 bias_hh_lK（都会加上），初始状态为零；c = f*c + i*g，h = o*tanh(c)。`_reverse` 权重运行反方向。初始权重：uniform(+-1/sqrt(H))。</translation>
    </message>
    <message>
        <source>Gated recurrent unit over batch-first x [N, T, F], PyTorch&apos;s nn.GRU: gates r, z, n stacked in weight_ih_lK [3H, F] and weight_hh_lK [3H, H], biases bias_ih_lK and bias_hh_lK; n = tanh(W_in x + b_in + r * (W_hn h + b_hn)), h = (1 - z) * n + z * h, zero initial state. Initial weights: uniform(+-1/sqrt(H)).</source>
        <translation>对批量在前的 x [N, T, F] 做门控循环单元，即 PyTorch 的 nn.GRU：门 r、z、n 堆叠在 weight_ih_lK [3H, F] 和 weight_hh_lK [3H, H] 中，偏置为 bias_ih_lK 和 bias_hh_lK；n = tanh(W_in x + b_in + r * (W_hn h + b_hn))，h = (1 - z) * n + z * h，初始状态为零。初始权重：uniform(+-1/sqrt(H))。</translation>
    </message>
    <message>
        <source>Merges dimensions start_dim..end_dim (inclusive) into one, in C, H, W order (the graph&apos;s layout, whatever the backend). The defaults keep the batch dimension and flatten the rest; start_dim 0 merges the batch too.</source>
        <translation>把第 start_dim 到 end_dim 维（含两端）按 C、H、W 顺序（计算图的布局，与后端无关）合并为一维。默认保留批量维并展平其余各维；start_dim 为 0 时连批量维也一起合并。</translation>
    </message>
    <message>
        <source>Reshapes each sample to `shape` (keep_batch: the batch dimension is kept and not written), or with keep_batch off the whole tensor, batch included (e.g. [-1, 16] merges the batch with the time steps). One size may be -1 to take what is left. Row-major (C) order.</source>
        <translation>把每个样本变形为 `shape`（keep_batch：保留批量维且不写出它），关闭 keep_batch 时则对整个张量（包括批量维）变形（例如 [-1, 16] 把批量和时间步合并）。可以有一个大小为 -1，取剩下的部分。按行优先（C）顺序。</translation>
    </message>
    <message>
        <source>max(x, 0). Units whose input is always negative stop learning (dead ReLU).</source>
        <translation>max(x, 0)。输入总是为负的单元会停止学习（死亡 ReLU）。</translation>
    </message>
    <message>
        <source>x for x &gt; 0, negative_slope * x otherwise.</source>
        <translation>x &gt; 0 时为 x，否则为 negative_slope * x。</translation>
    </message>
    <message>
        <source>1 / (1 + exp(-x)); its gradient is at most 0.25, so deep stacks of it make gradients vanish.</source>
        <translation>1 / (1 + exp(-x))；它的梯度最大为 0.25，所以把它深层堆叠会使梯度消失。</translation>
    </message>
    <message>
        <source>Hyperbolic tangent, output in (-1, 1).</source>
        <translation>双曲正切，输出在 (-1, 1) 之间。</translation>
    </message>
    <message>
        <source>x * Phi(x), the Gaussian error linear unit; `tanh` uses the tanh approximation.</source>
        <translation>x * Phi(x)，即高斯误差线性单元；`tanh` 使用 tanh 近似。</translation>
    </message>
    <message>
        <source>exp(x) / sum(exp(x)) along `axis`. Do not feed it to CrossEntropyLoss, which takes logits.</source>
        <translation>沿 `axis` 计算 exp(x) / sum(exp(x))。不要把它的输出送入 CrossEntropyLoss，后者需要 logits。</translation>
    </message>
    <message>
        <source>log(softmax(x)) along `axis`, computed stably.</source>
        <translation>沿 `axis` 计算 log(softmax(x))，数值稳定。</translation>
    </message>
    <message>
        <source>a + b, broadcast.</source>
        <translation>a + b，支持广播。</translation>
    </message>
    <message>
        <source>a - b, broadcast.</source>
        <translation>a - b，支持广播。</translation>
    </message>
    <message>
        <source>a * b elementwise, broadcast.</source>
        <translation>a * b 逐元素相乘，支持广播。</translation>
    </message>
    <message>
        <source>a / b, broadcast. rounding `true` is real division; `floor` rounds toward minus infinity and `trunc` toward zero, the same in both backends.</source>
        <translation>a / b，支持广播。rounding 为 `true` 时是实数除法；`floor` 向负无穷取整，`trunc` 向零取整，两个后端结果相同。</translation>
    </message>
    <message>
        <source>x ** exponent elementwise. A negative x with a non-integer exponent gives NaN.</source>
        <translation>逐元素计算 x ** exponent。负的 x 配非整数指数会得到 NaN。</translation>
    </message>
    <message>
        <source>e ** x elementwise; overflows above about 88 in float32.</source>
        <translation>逐元素计算 e ** x；在 float32 中超过约 88 会溢出。</translation>
    </message>
    <message>
        <source>Natural logarithm; -inf at 0 and NaN below.</source>
        <translation>自然对数；在 0 处为 -inf，小于 0 为 NaN。</translation>
    </message>
    <message>
        <source>-x elementwise (negation).</source>
        <translation>逐元素计算 -x（取负）。</translation>
    </message>
    <message>
        <source>Matrix product of the last two dimensions, leading dimensions broadcast.</source>
        <translation>最后两维的矩阵乘法，前面的维度广播。</translation>
    </message>
    <message>
        <source>Joins tensors along `axis`; all other sizes must be equal. `n` sets the number of inputs.</source>
        <translation>沿 `axis` 拼接张量；其他各维的大小必须相等。`n` 设置输入的个数。</translation>
    </message>
    <message>
        <source>Sum over `axes` (all when empty).</source>
        <translation>在 `axes` 上求和（为空时对所有维）。</translation>
    </message>
    <message>
        <source>Mean over `axes` (all when empty).</source>
        <translation>在 `axes` 上求平均（为空时对所有维）。</translation>
    </message>
    <message>
        <source>Permutes dimensions by `perm`; empty swaps the last two.</source>
        <translation>按 `perm` 重排维度；为空时交换最后两维。</translation>
    </message>
    <message>
        <source>Limits every element to [min, max].</source>
        <translation>把每个元素限制在 [min, max] 之间。</translation>
    </message>
    <message>
        <source>|x| elementwise.</source>
        <translation>逐元素计算 |x|。</translation>
    </message>
    <message>
        <source>Square root; NaN below 0, and an infinite gradient at 0.</source>
        <translation>平方根；小于 0 为 NaN，在 0 处梯度为无穷大。</translation>
    </message>
    <message>
        <source>The larger of a and b elementwise, broadcast; both of one element type.</source>
        <translation>逐元素取 a 和 b 中较大者，支持广播；两者元素类型相同。</translation>
    </message>
    <message>
        <source>The smaller of a and b elementwise, broadcast; both of one element type.</source>
        <translation>逐元素取 a 和 b 中较小者，支持广播；两者元素类型相同。</translation>
    </message>
    <message>
        <source>Maximum over `axes` (all when empty); the gradient goes to the largest element.</source>
        <translation>在 `axes` 上取最大值（为空时对所有维）；梯度流向最大的元素。</translation>
    </message>
    <message>
        <source>Pads the last dimensions: `pads` lists (before, after) pairs, the last pair for the last dimension ([top, bottom, left, right] on NCHW images); the batch is never padded. mode `constant` fills `value`, `reflect` mirrors without repeating the edge, `replicate` repeats the edge.</source>
        <translation>填充最后几维：`pads` 列出（前, 后）对，最后一对对应最后一维（对 NCHW 图像为 [top, bottom, left, right]）；批量维从不填充。mode 为 `constant` 时填充 `value`，`reflect` 做镜像且不重复边缘，`replicate` 重复边缘。</translation>
    </message>
    <message>
        <source>Takes starts[i]:ends[i]:steps[i] along axes[i], Python&apos;s rule: negative indices count from the end, out-of-range ones are clipped. Empty axes mean 1, 2, ...; empty steps mean 1.</source>
        <translation>沿 axes[i] 取 starts[i]:ends[i]:steps[i]，遵循 Python 的规则：负索引从末尾计数，越界的索引被截断。axes 为空表示 1, 2, ...；steps 为空表示 1。</translation>
    </message>
    <message>
        <source>Cuts x along `axis` into pieces of `sizes` (2 to 4; one may be -1 for the rest), given on outputs y0, y1, ... in order; outputs beyond the sizes give nothing.</source>
        <translation>沿 `axis` 把 x 切成大小为 `sizes` 的几块（2 到 4 块；可以有一个为 -1 表示剩余部分），依次从输出 y0、y1、... 给出；超出 sizes 的输出没有值。</translation>
    </message>
    <message>
        <source>Removes size-1 dimensions: those in `axes`, or when empty every one after the batch dimension.</source>
        <translation>删除大小为 1 的维度：`axes` 中的那些，为空时删除批量维之后的所有这类维度。</translation>
    </message>
    <message>
        <source>Inserts size-1 dimensions at `axes`, positions in the result (negative: from its end).</source>
        <translation>在 `axes` 处插入大小为 1 的维度，位置按结果计（负数：从结果末尾计）。</translation>
    </message>
    <message>
        <source>Picks entries of x along `axis` by integer indices in [0, size): the result has x&apos;s dimensions before axis, then the indices&apos; dimensions, then x&apos;s after it.</source>
        <translation>用 [0, size) 中的整数索引沿 `axis` 选取 x 的元素：结果的维度依次为 x 在 axis 之前的维度、索引的维度、x 在 axis 之后的维度。</translation>
    </message>
    <message>
        <source>a where cond is true, b elsewhere, broadcast (numpy&apos;s rule). cond is bool: a Cast to bool makes one from numbers (nonzero is true).</source>
        <translation>cond 为真处取 a，否则取 b，支持广播（numpy 的规则）。cond 是 bool：用 Cast 转为 bool 可以从数值得到（非零为真）。</translation>
    </message>
    <message>
        <source>Converts the element type. Float to integer rounds toward zero; to bool, nonzero is true; bool to a number gives 1 and 0.</source>
        <translation>转换元素类型。浮点转整数时向零取整；转为 bool 时非零为真；bool 转为数值时得到 1 和 0。</translation>
    </message>
    <message>
        <source>Mean squared error (pred - target)^2.</source>
        <translation>均方误差 (pred - target)^2。</translation>
    </message>
    <message>
        <source>Binary cross-entropy on probabilities in (0, 1) (e.g. after a Sigmoid); log terms are clamped at -100 as torch does.</source>
        <translation>在 (0, 1) 之间的概率上计算二元交叉熵（例如在 Sigmoid 之后）；与 torch 一样，对数项被截断在 -100。</translation>
    </message>
    <message>
        <source>Binary cross-entropy on logits (no Sigmoid before it), computed stably.</source>
        <translation>在 logits 上计算二元交叉熵（之前不加 Sigmoid），数值稳定。</translation>
    </message>
    <message>
        <source>Softmax cross-entropy on raw logits [N, C] against int64 class indices [N]. Takes logits: a Softmax before it is a mistake.</source>
        <translation>在原始 logits [N, C] 与 int64 类别索引 [N] 之间计算 softmax 交叉熵。它需要 logits：在它之前加 Softmax 是错误的。</translation>
    </message>
    <message>
        <source>Marks a value the model returns, under `name`.</source>
        <translation>标记模型返回的一个值，名称为 `name`。</translation>
    </message>
</context>
<context>
    <name>Palette</name>
    <message>
        <source>Blocks in this file</source>
        <translation>本文件中的模块</translation>
    </message>
    <message>
        <source>Built-in blocks</source>
        <translation>内置模块</translation>
    </message>
    <message>
        <source>My blocks</source>
        <translation>我的模块</translation>
    </message>
    <message>
        <source>Filter ops</source>
        <translation>筛选算子</translation>
    </message>
    <message>
        <source>a block of this file</source>
        <translation>本文件中的模块</translation>
    </message>
    <message>
        <source>{n} nodes inside, used {users} time(s)</source>
        <translation>内部有 {n} 个节点，已使用 {users} 次</translation>
    </message>
    <message>
        <source>a saved block</source>
        <translation>已保存的模块</translation>
    </message>
    <message>
        <source>cannot be used: {why}</source>
        <translation>无法使用：{why}</translation>
    </message>
</context>
<context>
    <name>Problems</name>
    <message>
        <source>No problems: every shape is known and the graph is ready to run.</source>
        <translation>没有问题：所有形状都已确定，计算图可以运行。</translation>
    </message>
    <message>
        <source>The graph is empty: add an Input, the ops and an Output (Tab adds a node), or open an example.</source>
        <translation>计算图是空的：请添加一个 Input、所需的算子和一个 Output（按 Tab 添加节点），或者打开一个示例。</translation>
    </message>
    <message>
        <source>error: {text}</source>
        <translation>错误：{text}</translation>
    </message>
    <message>
        <source>warning: {text}</source>
        <translation>警告：{text}</translation>
    </message>
    <message>
        <source>    Fix: {text} (click)</source>
        <translation>    修复：{text}（点击）</translation>
    </message>
    <message>
        <source>apply this fix (Undo takes it back)</source>
        <translation>应用这个修复（撤销可以还原）</translation>
    </message>
    <message>
        <source>... and {n} more problems (graphlab check FILE lists them all)</source>
        <translation>……还有 {n} 个问题（graphlab check FILE 会列出全部）</translation>
    </message>
    <message>
        <source>{op} &quot;{label}&quot;, input {port}: {rest}</source>
        <translation>{op} &quot;{label}&quot; 的输入 {port}：{rest}</translation>
    </message>
    <message>
        <source>{op} &quot;{label}&quot;, output {port}: {rest}</source>
        <translation>{op} &quot;{label}&quot; 的输出 {port}：{rest}</translation>
    </message>
    <message>
        <source>{op} &quot;{label}&quot;: {rest}</source>
        <translation>{op} &quot;{label}&quot;：{rest}</translation>
    </message>
    <message>
        <source>inside &quot;{label}&quot; ({op}): {rest}</source>
        <translation>在 &quot;{label}&quot;（{op}）内部：{rest}</translation>
    </message>
    <message>
        <source>training: {rest}</source>
        <translation>训练：{rest}</translation>
    </message>
    <message>
        <source>dataset: {rest}</source>
        <translation>数据集：{rest}</translation>
    </message>
    <message>
        <source>expected the same shape as pred {pred}, got {got}</source>
        <translation>形状应与 pred 相同，即 {pred}，实际为 {got}</translation>
    </message>
    <message>
        <source>reshape the target or the prediction</source>
        <translation>请调整目标或预测的形状</translation>
    </message>
    <message>
        <source>the {size} in {port} comes from {where}&apos;s shape {shape}</source>
        <translation>{port} 中的 {size} 来自 {where} 的形状 {shape}</translation>
    </message>
    <message>
        <source>the {size} in {port} comes from {where}&apos;s {attr}={value}</source>
        <translation>{port} 中的 {size} 来自 {where} 的 {attr}={value}</translation>
    </message>
    <message>
        <source>set {where}&apos;s shape to {shape}</source>
        <translation>把 {where} 的形状设为 {shape}</translation>
    </message>
    <message>
        <source>set {where}&apos;s {attr} to {value}</source>
        <translation>把 {where} 的 {attr} 设为 {value}</translation>
    </message>
    <message>
        <source>expected last dim {want}, got {got} (shape {shape})</source>
        <translation>最后一维应为 {want}，实际为 {got}（形状 {shape}）</translation>
    </message>
    <message>
        <source>expected {want} features (dim 1), got {got} (shape {shape})</source>
        <translation>应有 {want} 个特征（第 1 维），实际为 {got}（形状 {shape}）</translation>
    </message>
    <message>
        <source>expected {want} channels (dim 1), got {got} (shape {shape})</source>
        <translation>应有 {want} 个通道（第 1 维），实际为 {got}（形状 {shape}）</translation>
    </message>
    <message>
        <source>expected a rank-{want} tensor ({what}), got rank {rank} (shape {shape})</source>
        <translation>应为 {want} 阶张量（{what}），实际为 {rank} 阶（形状 {shape}）</translation>
    </message>
    <message>
        <source>expected at least rank 1 (features last), got a scalar</source>
        <translation>至少应为 1 阶张量（特征在最后一维），实际为标量</translation>
    </message>
    <message>
        <source>cannot broadcast shape {b} with {a} (trailing sizes must be equal or 1)</source>
        <translation>形状 {b} 无法与 {a} 广播（末尾各维的大小必须相等或为 1）</translation>
    </message>
    <message>
        <source>reshape one side or insert a Linear to match sizes</source>
        <translation>请调整其中一边的形状，或插入一个 Linear 使大小一致</translation>
    </message>
    <message>
        <source>expected [N, classes], got {shape}</source>
        <translation>应为 [N, 类别数]，实际为 {shape}</translation>
    </message>
    <message>
        <source>add a Flatten or Linear before it</source>
        <translation>请在它之前添加 Flatten 或 Linear</translation>
    </message>
    <message>
        <source>add a Flatten before it</source>
        <translation>请在它之前添加 Flatten</translation>
    </message>
    <message>
        <source>expected int64 class indices, got {dtype}</source>
        <translation>应为 int64 类别索引，实际为 {dtype}</translation>
    </message>
    <message>
        <source>set the target Input&apos;s dtype to int64</source>
        <translation>请把目标 Input 的 dtype 设为 int64</translation>
    </message>
    <message>
        <source>expected class indices of shape {want}, got {got}</source>
        <translation>类别索引的形状应为 {want}，实际为 {got}</translation>
    </message>
    <message>
        <source>expected float predictions, got {dtype}</source>
        <translation>预测应为浮点数，实际为 {dtype}</translation>
    </message>
    <message>
        <source>expected float values, got {dtype}</source>
        <translation>应为浮点数值，实际为 {dtype}</translation>
    </message>
    <message>
        <source>add a Cast to float32 before it</source>
        <translation>请在它之前添加一个转换为 float32 的 Cast</translation>
    </message>
    <message>
        <source>set {attr} to {value}</source>
        <translation>把 {attr} 设为 {value}</translation>
    </message>
    <message>
        <source>is not connected</source>
        <translation>没有连接</translation>
    </message>
    <message>
        <source>wire a tensor into it or delete the node</source>
        <translation>请给它连上一个张量，或删除该节点</translation>
    </message>
    <message>
        <source>graph &quot;{name}&quot; has no Output node</source>
        <translation>计算图 &quot;{name}&quot; 没有 Output 节点</translation>
    </message>
    <message>
        <source>graph &quot;{name}&quot; has errors: {n} problem(s)</source>
        <translation>计算图 &quot;{name}&quot; 有错误：{n} 个问题</translation>
    </message>
    <message>
        <source>wire the value the model should return into an Output</source>
        <translation>请把模型应返回的值连到一个 Output</translation>
    </message>
    <message>
        <source>takes logits but gets the output of {op} &quot;{label}&quot;</source>
        <translation>需要 logits（未归一化的分数），却接收了 {op} &quot;{label}&quot; 的输出</translation>
    </message>
    <message>
        <source>wire the value before the {op} instead</source>
        <translation>请改为连接 {op} 之前的值</translation>
    </message>
    <message>
        <source>name {name} is already used by &quot;{label}&quot;</source>
        <translation>名称 {name} 已被 &quot;{label}&quot; 使用</translation>
    </message>
    <message>
        <source>give each {op} its own name</source>
        <translation>请给每个 {op} 取不同的名称</translation>
    </message>
    <message>
        <source>wiring &quot;{src}&quot; into &quot;{dst}&quot; would make a cycle (&quot;{dst2}&quot; already feeds &quot;{src2}&quot;)</source>
        <translation>把 &quot;{src}&quot; 连到 &quot;{dst}&quot; 会形成环（&quot;{dst2}&quot; 已经连到 &quot;{src2}&quot;）</translation>
    </message>
    <message>
        <source>the graph has a cycle</source>
        <translation>计算图中有环</translation>
    </message>
    <message>
        <source>input {port} of {op} &quot;{label}&quot; already takes a wire from &quot;{src}&quot;</source>
        <translation>{op} &quot;{label}&quot; 的输入 {port} 已经连接了来自 &quot;{src}&quot; 的连线</translation>
    </message>
    <message>
        <source>disconnect it first</source>
        <translation>请先断开它</translation>
    </message>
    <message>
        <source>cannot wire {op} &quot;{label}&quot; to itself</source>
        <translation>不能把 {op} &quot;{label}&quot; 连到它自己</translation>
    </message>
    <message>
        <source>importing {name} (the first run of a session takes a few seconds)</source>
        <translation>正在导入 {name}（每次会话的第一次运行需要几秒钟）</translation>
    </message>
    <message>
        <source>reading the dataset and checking the graph</source>
        <translation>正在读取数据集并检查计算图</translation>
    </message>
    <message>
        <source>compiling the model for {backend} and training the first batch</source>
        <translation>正在为 {backend} 编译模型并训练第一个批量</translation>
    </message>
    <message>
        <source>the first non-finite {what} appeared here</source>
        <translation>第一个非有限的 {what} 出现在这里</translation>
    </message>
    <message>
        <source>{share} of outputs were zero over the last {n} probes (dead ReLUs)</source>
        <translation>最近 {n} 次探测中 {share} 的输出为零（死亡 ReLU）</translation>
    </message>
    <message>
        <source>{share} of outputs are saturated: its local derivative is near zero</source>
        <translation>{share} 的输出已饱和：它的局部导数接近零</translation>
    </message>
    <message>
        <source>no gradient reaches this node (exactly zero): the units after it are dead or cut off</source>
        <translation>没有梯度到达这个节点（恰好为零）：它后面的单元已死亡或被切断</translation>
    </message>
    <message>
        <source>gradient RMS {v} is {ratio}× smaller than at the output: vanishing gradient</source>
        <translation>梯度均方根 {v} 比输出处小 {ratio} 倍：梯度消失</translation>
    </message>
    <message>
        <source>gradient RMS {v} is very large: exploding gradient</source>
        <translation>梯度均方根 {v} 非常大：梯度爆炸</translation>
    </message>
    <message>
        <source>lower the learning rate or clip gradients</source>
        <translation>请降低学习率或裁剪梯度</translation>
    </message>
    <message>
        <source>dL/d{name} = 1 (this is L)</source>
        <translation>dL/d{name} = 1（这就是 L）</translation>
    </message>
    <message>
        <source>via {consumer}: upstream {up} × local {local} = {product}</source>
        <translation>经由 {consumer}：上游 {up} × 局部 {local} = {product}</translation>
    </message>
    <message>
        <source>via {consumer}: vector-Jacobian product of upstream (norm {norm}) = {product}</source>
        <translation>经由 {consumer}：上游（范数 {norm}）的向量-雅可比积 = {product}</translation>
    </message>
    <message>
        <source>local derivative of {consumer}: {formula}</source>
        <translation>{consumer} 的局部导数：{formula}</translation>
    </message>
    <message>
        <source>sum of contributions = {sum}</source>
        <translation>各项贡献之和 = {sum}</translation>
    </message>
    <message>
        <source>{sum}  ({n} nonzero terms)</source>
        <translation>{sum}  （{n} 个非零项）</translation>
    </message>
    <message>
        <source>{sum}  ({n} nonzero term)</source>
        <translation>{sum}  （{n} 个非零项）</translation>
    </message>
    <message>
        <source>= {total}   (autograd: {grad})</source>
        <translation>= {total}   （自动求导：{grad}）</translation>
    </message>
    <message>
        <source>g = dL/dw (from the backward pass) = {g}</source>
        <translation>g = dL/dw（来自反向传播）= {g}</translation>
    </message>
    <message>
        <source>new w = {new}  (change {change})</source>
        <translation>new w = {new}  （变化 {change}）</translation>
    </message>
    <message>
        <source>buf = g (the first step starts the momentum buffer) = {buf}</source>
        <translation>buf = g（第一步初始化动量缓冲）= {buf}</translation>
    </message>
    <message>
        <source>{name} step {t} (a fresh optimizer)</source>
        <translation>{name} 第 {t} 步（新的优化器）</translation>
    </message>
    <message>
        <source>{attr} needs a value</source>
        <translation>{attr} 需要一个值</translation>
    </message>
    <message>
        <source>{attr} must be true or false, got {value}</source>
        <translation>{attr} 必须是 true 或 false，实际为 {value}</translation>
    </message>
    <message>
        <source>{attr} must be a whole number, got {value}</source>
        <translation>{attr} 必须是整数，实际为 {value}</translation>
    </message>
    <message>
        <source>{attr} must be a number, got {value}</source>
        <translation>{attr} 必须是数值，实际为 {value}</translation>
    </message>
    <message>
        <source>{attr} must be a finite number</source>
        <translation>{attr} 必须是有限的数值</translation>
    </message>
    <message>
        <source>{attr} must be at least {low}, got {value}</source>
        <translation>{attr} 至少应为 {low}，实际为 {value}</translation>
    </message>
    <message>
        <source>{attr} must be at most {high}, got {value}</source>
        <translation>{attr} 最多为 {high}，实际为 {value}</translation>
    </message>
    <message>
        <source>{attr} must be one of {options}, got {value}</source>
        <translation>{attr} 必须是 {options} 之一，实际为 {value}</translation>
    </message>
    <message>
        <source>{attr} must not be empty</source>
        <translation>{attr} 不能为空</translation>
    </message>
    <message>
        <source>{title} is not installed, so the {backend} backend cannot run</source>
        <translation>{title} 没有安装，所以 {backend} 后端无法运行</translation>
    </message>
    <message>
        <source>install it with {command} or choose the other backend</source>
        <translation>请用 {command} 安装它，或选择另一个后端</translation>
    </message>
    <message>
        <source>{name}: classification, {n} samples of shape {shape} ({xdtype}), targets {ydtype}</source>
        <translation>{name}：分类，{n} 个样本，形状 {shape}（{xdtype}），目标 {ydtype}</translation>
    </message>
    <message>
        <source>{name}: regression, {n} samples of shape {shape} ({xdtype}), targets {ydtype}</source>
        <translation>{name}：回归，{n} 个样本，形状 {shape}（{xdtype}），目标 {ydtype}</translation>
    </message>
    <message>
        <source>classes: {counts}</source>
        <translation>各类别样本数：{counts}</translation>
    </message>
    <message>
        <source>dataset file {name} does not exist</source>
        <translation>数据集文件 {name} 不存在</translation>
    </message>
    <message>
        <source>dataset file {name} cannot be read: permission denied</source>
        <translation>无法读取数据集文件 {name}：权限不足</translation>
    </message>
    <message>
        <source>dataset {name} gives samples of shape {got}, the Input expects {want}</source>
        <translation>数据集 {name} 的样本形状为 {got}，而 Input 需要 {want}</translation>
    </message>
    <message>
        <source>set the Input&apos;s shape to {shape} or choose a dataset with samples of shape {want}</source>
        <translation>请把 Input 的形状设为 {shape}，或选择样本形状为 {want} 的数据集</translation>
    </message>
    <message>
        <source>its shape {shape} must start with -1 (the batch dimension) to be fed from a dataset</source>
        <translation>它的形状 {shape} 必须以 -1（批量维）开头，才能由数据集提供数据</translation>
    </message>
    <message>
        <source>the graph has Inputs ({inputs}) but the dataset is &apos;none&apos;</source>
        <translation>计算图有 Input（{inputs}），但数据集是 &apos;none&apos;</translation>
    </message>
    <message>
        <source>choose a dataset</source>
        <translation>请选择一个数据集</translation>
    </message>
    <message>
        <source>the graph has no feature Input</source>
        <translation>计算图没有特征 Input</translation>
    </message>
    <message>
        <source>the graph has {n} feature Inputs</source>
        <translation>计算图有 {n} 个特征 Input</translation>
    </message>
    <message>
        <source>a dataset feeds exactly one (set role=target on label Inputs)</source>
        <translation>一个数据集只能为一个特征 Input 提供数据（请把标签 Input 的 role 设为 target）</translation>
    </message>
    <message>
        <source>the graph has {n} target Inputs</source>
        <translation>计算图有 {n} 个目标 Input</translation>
    </message>
    <message>
        <source>a dataset provides one target</source>
        <translation>一个数据集只提供一个目标</translation>
    </message>
    <message>
        <source>dataset {name} gives one number per sample (its x has shape {xshape}), the Input expects samples of shape {want}</source>
        <translation>数据集 {name} 每个样本只有一个数（它的 x 形状为 {xshape}），而 Input 需要形状为 {want} 的样本</translation>
    </message>
    <message>
        <source>save x with {n} values per row, or set the Input&apos;s shape to [-1, 1]</source>
        <translation>请把 x 保存为每行 {n} 个值，或把 Input 的形状设为 [-1, 1]</translation>
    </message>
    <message>
        <source>image folder {name} gives samples of shape {got}, the Input expects {want}</source>
        <translation>图像文件夹 {name} 的样本形状为 {got}，而 Input 需要 {want}</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
</context>
<context>
    <name>Properties</name>
    <message>
        <source>Graph properties</source>
        <translation>计算图属性</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Nodes</source>
        <translation>节点数</translation>
    </message>
</context>
<context>
    <name>RerouteItem</name>
    <message>
        <source>Reroute point: drag to move, Delete or right click to remove</source>
        <translation>转折点：拖动可移动，按 Delete 或右键可移除</translation>
    </message>
</context>
<context>
    <name>RunState</name>
    <message>
        <source>idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>starting</source>
        <translation>正在启动</translation>
    </message>
    <message>
        <source>running</source>
        <translation>正在训练</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>{state}: {message}</source>
        <translation>{state}：{message}</translation>
    </message>
</context>
<context>
    <name>RunView</name>
    <message>
        <source>{why}, so the run ended. The graph and its settings are unchanged; press Run to train again in a new worker.</source>
        <translation>{why}，因此训练已结束。计算图及其设置没有改变；按“运行”会在新的工作进程中重新训练。</translation>
    </message>
    <message>
        <source>sending the graph to the worker</source>
        <translation>正在把计算图发送给工作进程</translation>
    </message>
    <message>
        <source>starting the worker process</source>
        <translation>正在启动工作进程</translation>
    </message>
    <message>
        <source>
The graph was edited after Run: this run trains the graph as it was then. Stop and Run again to train the edited graph.</source>
        <translation>
按“运行”之后计算图被修改过：本次训练使用的是当时的计算图。请停止并重新运行以训练修改后的计算图。</translation>
    </message>
    <message>
        <source>step {step}, epoch {epoch}, loss {loss}</source>
        <translation>第 {step} 步，第 {epoch} 轮，损失 {loss}</translation>
    </message>
    <message>
        <source>the training worker could not start ({err})</source>
        <translation>训练工作进程无法启动（{err}）</translation>
    </message>
</context>
<context>
    <name>SearchPopup</name>
    <message>
        <source>Add node: type to search</source>
        <translation>添加节点：输入以搜索</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <source>Backend</source>
        <translation>框架</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批量大小</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>训练轮数</translation>
    </message>
    <message>
        <source>Validation share</source>
        <translation>验证集比例</translation>
    </message>
    <message>
        <source>Standardize features</source>
        <translation>标准化特征</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>framework that trains the graph</source>
        <translation>训练计算图所用的框架</translation>
    </message>
    <message>
        <source>update rule</source>
        <translation>权重更新规则</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>samples per step</source>
        <translation>每一步的样本数</translation>
    </message>
    <message>
        <source>passes over the training set</source>
        <translation>遍历训练集的次数</translation>
    </message>
    <message>
        <source>share of the data held out for validation</source>
        <translation>留作验证的数据比例</translation>
    </message>
    <message>
        <source>scale features to mean 0, std 1 (from training data)</source>
        <translation>把特征缩放到均值 0、标准差 1（按训练数据计算）</translation>
    </message>
    <message>
        <source>auto (CUDA, then Apple MPS, then CPU), cpu, cuda, cuda:N or mps</source>
        <translation>auto（依次尝试 CUDA、Apple MPS、CPU）、cpu、cuda、cuda:N 或 mps</translation>
    </message>
    <message>
        <source>decay rates of Adam&apos;s running averages of the gradient and its square</source>
        <translation>Adam 对梯度及其平方的滑动平均的衰减率</translation>
    </message>
    <message>
        <source>added to the denominator for numerical stability</source>
        <translation>加到分母上以保持数值稳定</translation>
    </message>
    <message>
        <source>use the maximum of past squared-gradient averages (AMSGrad)</source>
        <translation>使用历史梯度平方平均值的最大值（AMSGrad）</translation>
    </message>
    <message>
        <source>smoothing constant of RMSprop&apos;s running average of squared gradients</source>
        <translation>RMSprop 梯度平方滑动平均的平滑常数</translation>
    </message>
    <message>
        <source>normalise by the gradient&apos;s estimated variance instead of its square</source>
        <translation>用梯度的估计方差而不是其平方来归一化</translation>
    </message>
    <message>
        <source>dampening of the momentum buffer</source>
        <translation>动量缓冲的阻尼</translation>
    </message>
    <message>
        <source>Nesterov momentum (needs momentum &gt; 0 and dampening 0)</source>
        <translation>Nesterov 动量（需要动量 &gt; 0 且阻尼为 0）</translation>
    </message>
</context>
<context>
    <name>StepPanel</name>
    <message>
        <source>Sample</source>
        <translation>样本</translation>
    </message>
    <message>
        <source>whole batch</source>
        <translation>整个批量</translation>
    </message>
    <message>
        <source>Start step-through</source>
        <translation>开始逐步执行</translation>
    </message>
    <message>
        <source>pause training (if running) and step through one batch</source>
        <translation>暂停训练（如果正在训练），并逐步执行一个批量</translation>
    </message>
    <message>
        <source>or row</source>
        <translation>或行</translation>
    </message>
    <message>
        <source>step through one row of the training set (its index)</source>
        <translation>逐步执行训练集中的一行（行号）</translation>
    </message>
    <message>
        <source>or type an input: 0.5, -1.2 (; label)</source>
        <translation>或输入数据：0.5, -1.2（; 标签）</translation>
    </message>
    <message>
        <source>numbers for the input, comma separated; after &apos;;&apos; the label (without one: the label of the row, or of row 0)</source>
        <translation>输入的数值，用逗号分隔；&apos;;&apos; 之后是标签（没有标签时：使用该行的标签，或第 0 行的标签）</translation>
    </message>
    <message>
        <source>Step ▶</source>
        <translation>下一步 ▶</translation>
    </message>
    <message>
        <source>Forward all</source>
        <translation>全部前向传播</translation>
    </message>
    <message>
        <source>To the end</source>
        <translation>执行到最后</translation>
    </message>
    <message>
        <source>preparing the step-through…</source>
        <translation>正在准备逐步执行…</translation>
    </message>
    <message>
        <source>preparing the step-through (the worker starts and imports {name}: a few seconds)…</source>
        <translation>正在准备逐步执行（工作进程正在启动并导入 {name}：需要几秒钟）…</translation>
    </message>
    <message>
        <source>press Start to step through backpropagation</source>
        <translation>按“开始”逐步查看反向传播</translation>
    </message>
    <message>
        <source>cannot step through: {why}; press Start again</source>
        <translation>无法逐步执行：{why}；请再按一次“开始”</translation>
    </message>
    <message>
        <source>gradient check failed: {why}</source>
        <translation>梯度检验失败：{why}</translation>
    </message>
    <message>
        <source>the worker is not running; start the step-through again</source>
        <translation>工作进程没有运行；请重新开始逐步执行</translation>
    </message>
    <message>
        <source>Element</source>
        <translation>元素</translation>
    </message>
    <message>
        <source>flat index of the element the card explains</source>
        <translation>卡片所解释的元素的扁平索引</translation>
    </message>
    <message>
        <source>Gradient check</source>
        <translation>梯度检验</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>the weight whose gradient (or update) the card writes out</source>
        <translation>卡片写出其梯度（或更新量）的权重</translation>
    </message>
    <message>
        <source>flat index of the weight element</source>
        <translation>权重元素的扁平索引</translation>
    </message>
    <message>
        <source>forward</source>
        <translation>前向传播</translation>
    </message>
    <message>
        <source>backward</source>
        <translation>反向传播</translation>
    </message>
    <message>
        <source>step {k}/{n} ({phase}): {text}</source>
        <translation>第 {k}/{n} 步（{phase}）：{text}</translation>
    </message>
    <message>
        <source>the optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>step {k}/{n} (optimizer step): {name} turns each weight&apos;s gradient into its update</source>
        <translation>第 {k}/{n} 步（优化器步骤）：{name} 把每个权重的梯度变成它的更新量</translation>
    </message>
    <message>
        <source>chain rule:</source>
        <translation>链式法则：</translation>
    </message>
    <message>
        <source>(the gradient arrives in the backward pass)</source>
        <translation>（梯度在反向传播时到达）</translation>
    </message>
    <message>
        <source>gradient check: computing the finite difference...</source>
        <translation>梯度检验：正在计算有限差分……</translation>
    </message>
    <message>
        <source>weights of {title} (what the optimizer step will use):</source>
        <translation>{title} 的权重（优化器步骤将使用它们）：</translation>
    </message>
    <message>
        <source>dL/d{key}: shape {shape}, norm {norm}, largest |element| {big} at {at}</source>
        <translation>dL/d{key}：形状 {shape}，范数 {norm}，绝对值最大的元素 {big} 位于 {at}</translation>
    </message>
    <message>
        <source>writing out dL/d{key} as its sum…</source>
        <translation>正在把 dL/d{key} 写成求和式…</translation>
    </message>
    <message>
        <source>(the optimizer step needs the gradients of the weights)</source>
        <translation>（优化器步骤需要权重的梯度）</translation>
    </message>
    <message>
        <source>optimizer step: {name} updates {n} weights in {tensors} tensors (size of the whole change {total})</source>
        <translation>优化器步骤：{name} 更新 {tensors} 个张量中的 {n} 个权重（整体变化的大小为 {total}）</translation>
    </message>
</context>
<context>
    <name>TrainPanel</name>
    <message>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>record node statistics every k-th step (probe frames)</source>
        <translation>每 k 步记录一次节点统计（探测帧）</translation>
    </message>
    <message>
        <source>Probe every</source>
        <translation>探测间隔</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <source>train exactly one batch (F10)</source>
        <translation>只训练一个批量（F10）</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>train the saved file on every GPU (graphlab train FILE --nproc N); the document takes the weights it trained</source>
        <translation>在每个 GPU 上训练已保存的文件（graphlab train FILE --nproc N）；文档会采用训练得到的权重</translation>
    </message>
    <message>
        <source>%p%  step %v</source>
        <translation>%p%  第 %v 步</translation>
    </message>
    <message>
        <source>Momentum</source>
        <translation>动量</translation>
    </message>
    <message>
        <source>Weight decay</source>
        <translation>权重衰减</translation>
    </message>
    <message>
        <source>More optimizer settings</source>
        <translation>更多优化器设置</translation>
    </message>
    <message>
        <source>(preview unavailable: {err})</source>
        <translation>（无法预览：{err}）</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Run on {n} GPUs</source>
        <translation>在 {n} 个 GPU 上运行</translation>
    </message>
    <message>
        <source>Stop the {n}-GPU run</source>
        <translation>停止 {n} GPU 训练</translation>
    </message>
    <message>
        <source>From file…</source>
        <translation>从文件…</translation>
    </message>
    <message>
        <source>Image folder…</source>
        <translation>图像文件夹…</translation>
    </message>
    <message>
        <source>train on a .csv (numeric, header row) or .npz (arrays x and y) file</source>
        <translation>用 .csv（数值，带表头行）或 .npz（数组 x 和 y）文件训练</translation>
    </message>
    <message>
        <source>train on a folder of images with one subfolder per class (resized to 28x28, grey)</source>
        <translation>用图像文件夹训练，每个类别一个子文件夹（缩放为 28x28 灰度图）</translation>
    </message>
    <message>
        <source>Train on a data file</source>
        <translation>用数据文件训练</translation>
    </message>
    <message>
        <source>Cannot train on this file</source>
        <translation>无法用这个文件训练</translation>
    </message>
    <message>
        <source>Target column</source>
        <translation>目标列</translation>
    </message>
    <message>
        <source>Which column holds the target?</source>
        <translation>哪一列是目标？</translation>
    </message>
    <message>
        <source>Train on a folder of images (one subfolder per class)</source>
        <translation>用图像文件夹训练（每个类别一个子文件夹）</translation>
    </message>
    <message>
        <source>Cannot train on this folder</source>
        <translation>无法用这个文件夹训练</translation>
    </message>
</context>
</TS>
