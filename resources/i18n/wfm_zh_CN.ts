<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name />
    <message>
        <source>Queue</source>
        <translation>队列</translation>
    </message>
    <message>
        <source>Queue name (fixed: history and agents refer to it)</source>
        <translation>队列名称（固定：历史数据和坐席都引用它）</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>voice: Erlang C/A · chat: several chats per agent · email: deferred work answered within hours</source>
        <translation>语音：Erlang C/A · 在线：每位坐席同时处理多个会话 · 邮件：在若干小时内回复的延迟工作</translation>
    </message>
    <message>
        <source>Opening hours</source>
        <translation>服务时间</translation>
    </message>
    <message>
        <source>When the queue takes contacts, e.g. 08:00-22:00; 00:00-24:00 is 24/7</source>
        <translation>队列接待客户的时间，例如 08:00-22:00；00:00-24:00 表示全天候</translation>
    </message>
    <message>
        <source>Service level %</source>
        <translation>服务水平 %</translation>
    </message>
    <message>
        <source>Share of contacts to answer within the answer time, e.g. 80</source>
        <translation>在应答时限内接起的比例，例如 80</translation>
    </message>
    <message>
        <source>share</source>
        <translation>比例</translation>
    </message>
    <message>
        <source>Answer within s</source>
        <translation>应答时限（秒）</translation>
    </message>
    <message>
        <source>Answer-time threshold of the service level, in seconds (e.g. 20)</source>
        <translation>服务水平的应答时限，单位秒（例如 20）</translation>
    </message>
    <message>
        <source>time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Max ASA s</source>
        <translation>最长平均应答（秒）</translation>
    </message>
    <message>
        <source>Optional cap on the average speed of answer, seconds; empty for none</source>
        <translation>可选：平均应答时间上限（秒）；留空表示不限</translation>
    </message>
    <message>
        <source>Patience s</source>
        <translation>耐心时长（秒）</translation>
    </message>
    <message>
        <source>Mean customer patience in seconds: set it to plan with abandonment (Erlang A); empty plans without (Erlang C)</source>
        <translation>客户平均耐心时长（秒）：填写则按放弃模型（Erlang A）计划；留空则按 Erlang C 计划</translation>
    </message>
    <message>
        <source>Concurrency</source>
        <translation>并发数</translation>
    </message>
    <message>
        <source>Chats one agent handles at the same time (1 for voice and email)</source>
        <translation>一位坐席同时处理的会话数（语音和邮件为 1）</translation>
    </message>
    <message>
        <source>number</source>
        <translation>数字</translation>
    </message>
    <message>
        <source>Deferred %</source>
        <translation>延迟处理 %</translation>
    </message>
    <message>
        <source>Email/tickets: share answered within the deferred hours, e.g. 96</source>
        <translation>邮件/工单：在规定小时内回复的比例，例如 96</translation>
    </message>
    <message>
        <source>Deferred h</source>
        <translation>延迟时限（小时）</translation>
    </message>
    <message>
        <source>Email/tickets: hours within which the deferred share is answered</source>
        <translation>邮件/工单：完成上述比例回复的小时数</translation>
    </message>
    <message>
        <source>Shrinkage %</source>
        <translation>损耗率 %</translation>
    </message>
    <message>
        <source>Paid time not available for contacts: breaks, meetings, training, absence. Scheduled heads = agents ÷ (1 − shrinkage)</source>
        <translation>带薪但不能接待客户的时间：休息、会议、培训、缺勤。排班人数 = 坐席数 ÷（1 − 损耗率）</translation>
    </message>
    <message>
        <source>Max occupancy %</source>
        <translation>最高占用率 %</translation>
    </message>
    <message>
        <source>Highest share of time agents may be busy; above it they burn out</source>
        <translation>坐席忙碌时间的最高比例；超过会导致倦怠</translation>
    </message>
    <message>
        <source>Min agents</source>
        <translation>最少坐席</translation>
    </message>
    <message>
        <source>Floor of agents whenever the queue is open, whatever the forecast</source>
        <translation>队列开放时的最少坐席数，与预测无关</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>What one contact answered in time is worth against an ordinary one, in the roster objective and in how multi-skilled agents are shared (VIP line: 3 unless set; empty for the default)</source>
        <translation>及时接起一个该队列的客户相当于几个普通客户：用于排班目标和多技能坐席的分配（VIP 线默认为 3；留空即用默认值）</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Unique agent id (fixed)</source>
        <translation>唯一的坐席编号（固定）</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Name shown on the roster and in exports</source>
        <translation>在排班表和导出文件中显示的姓名</translation>
    </message>
    <message>
        <source>name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>团队</translation>
    </message>
    <message>
        <source>Skill group: enquiries, complaints, technical…</source>
        <translation>技能组：咨询、投诉、技术……</translation>
    </message>
    <message>
        <source>team</source>
        <translation>团队</translation>
    </message>
    <message>
        <source>Contract</source>
        <translation>合同</translation>
    </message>
    <message>
        <source>Employment contract: weekly hours, days and allowed shift templates</source>
        <translation>劳动合同：每周工时、天数和可用班次模板</translation>
    </message>
    <message>
        <source>Queues</source>
        <translation>队列</translation>
    </message>
    <message>
        <source>Queues the agent is trained for, separated by ';' (VIP queues need VIP)</source>
        <translation>坐席可服务的队列，用“;”分隔（VIP 队列需要 VIP 资质）</translation>
    </message>
    <message>
        <source>VIP</source>
        <translation>VIP</translation>
    </message>
    <message>
        <source>Certified to serve VIP customers</source>
        <translation>具备服务 VIP 客户的资质</translation>
    </message>
    <message>
        <source>Night</source>
        <translation>夜班</translation>
    </message>
    <message>
        <source>May work shifts that overlap the night window</source>
        <translation>可以上与夜间时段重叠的班次</translation>
    </message>
    <message>
        <source>Time off</source>
        <translation>休假</translation>
    </message>
    <message>
        <source>Approved absence: 2025-12-01..2025-12-03 reason; 2025-12-10</source>
        <translation>已批准的休假：2025-12-01..2025-12-03 原因; 2025-12-10</translation>
    </message>
    <message>
        <source>number of hours</source>
        <translation>小时数</translation>
    </message>
    <message>
        <source>Contract name (fixed)</source>
        <translation>合同名称（固定）</translation>
    </message>
    <message>
        <source>Min h/week</source>
        <translation>每周最少工时</translation>
    </message>
    <message>
        <source>Fewest paid hours per 7-day week</source>
        <translation>每 7 天最少带薪工时</translation>
    </message>
    <message>
        <source>Max h/week</source>
        <translation>每周最多工时</translation>
    </message>
    <message>
        <source>Most paid hours per 7-day week</source>
        <translation>每 7 天最多带薪工时</translation>
    </message>
    <message>
        <source>Max days/week</source>
        <translation>每周最多天数</translation>
    </message>
    <message>
        <source>Most working days per week</source>
        <translation>每周最多工作天数</translation>
    </message>
    <message>
        <source>number of days</source>
        <translation>天数</translation>
    </message>
    <message>
        <source>Min days/week</source>
        <translation>每周最少天数</translation>
    </message>
    <message>
        <source>Fewest working days per week</source>
        <translation>每周最少工作天数</translation>
    </message>
    <message>
        <source>Max consecutive days</source>
        <translation>最多连续工作天数</translation>
    </message>
    <message>
        <source>Most days worked in a row before a day off</source>
        <translation>休息前最多连续工作的天数</translation>
    </message>
    <message>
        <source>Weekend only</source>
        <translation>仅周末</translation>
    </message>
    <message>
        <source>Temporary weekend staff: works Saturdays and Sundays only</source>
        <translation>周末临时人员：只在周六和周日上班</translation>
    </message>
    <message>
        <source>Templates</source>
        <translation>班次模板</translation>
    </message>
    <message>
        <source>Shift templates this contract may work, separated by ';'</source>
        <translation>此合同可用的班次模板，用“;”分隔</translation>
    </message>
    <message>
        <source>template</source>
        <translation>模板</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>模板</translation>
    </message>
    <message>
        <source>Shift template name (fixed)</source>
        <translation>班次模板名称（固定）</translation>
    </message>
    <message>
        <source>Allowed starts</source>
        <translation>允许的开始时间</translation>
    </message>
    <message>
        <source>Start times the solver may use, separated by ';' (on the interval grid)</source>
        <translation>求解器可用的开始时间，用“;”分隔（须在时段网格上）</translation>
    </message>
    <message>
        <source>Length h</source>
        <translation>时长（小时）</translation>
    </message>
    <message>
        <source>From start to end, unpaid lunch included</source>
        <translation>从开始到结束，含无薪午餐</translation>
    </message>
    <message>
        <source>length</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Unpaid break min</source>
        <translation>无薪休息（分钟）</translation>
    </message>
    <message>
        <source>Unpaid lunch inside the shift, minutes</source>
        <translation>班次内的无薪午餐，单位分钟</translation>
    </message>
    <message>
        <source>number of minutes</source>
        <translation>分钟数</translation>
    </message>
    <message>
        <source>Queue the floor applies to</source>
        <translation>下限适用的队列</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation>时段</translation>
    </message>
    <message>
        <source>Time window of the floor, e.g. 00:00-08:00 (may wrap past midnight)</source>
        <translation>下限的时间窗口，例如 00:00-08:00（可跨午夜）</translation>
    </message>
    <message>
        <source>Agents that must be on the queue in the window whatever the forecast</source>
        <translation>无论预测如何，该时段队列上必须有的坐席数</translation>
    </message>
    <message>
        <source>Days</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>all, weekend, weekday, or weekday numbers like 5,6 (Mon=0)</source>
        <translation>all（每天）、weekend（周末）、weekday（工作日），或星期编号如 5,6（周一=0）</translation>
    </message>
    <message>
        <source>VIP only</source>
        <translation>仅 VIP</translation>
    </message>
    <message>
        <source>Count only VIP-certified agents towards this floor</source>
        <translation>只统计具备 VIP 资质的坐席</translation>
    </message>
    <message>
        <source>Minimum rest between the end of one shift and the start of the next, across midnight (11 h is the usual legal minimum)</source>
        <translation>一个班次结束到下一个班次开始之间的最少休息时间，跨午夜计算（通常法定最少 11 小时）</translation>
    </message>
    <message>
        <source>At least this many agents on duty whenever any queue is open</source>
        <translation>任一队列开放时至少在岗的坐席数</translation>
    </message>
    <message>
        <source>Start of the night window: shifts overlapping it are night shifts</source>
        <translation>夜间时段的开始：与其重叠的班次为夜班</translation>
    </message>
    <message>
        <source>End of the night window (next morning)</source>
        <translation>夜间时段的结束（次日早晨）</translation>
    </message>
    <message>
        <source>Most night shifts one agent may work per week (fairness and health)</source>
        <translation>每位坐席每周最多夜班数（公平与健康）</translation>
    </message>
    <message>
        <source>Most weekend days one agent may work per week (0–2)</source>
        <translation>每位坐席每周最多周末工作天数（0–2）</translation>
    </message>
    <message>
        <source>Every block of days off is at least this many days long (2 = no single days off between working days)</source>
        <translation>每段休息至少连续这么多天（2 = 工作日之间不安排单独一天的休息）</translation>
    </message>
    <message>
        <source>Paid short break, taken about every 'Break every' minutes of a shift (0 = none)</source>
        <translation>带薪小休，班次中约每隔“小休间隔”分钟一次（0 = 不安排）</translation>
    </message>
    <message>
        <source>Working time between short breaks</source>
        <translation>两次小休之间的工作时长</translation>
    </message>
    <message>
        <source>How far the solver may move a break from its usual time so that breaks are staggered and cover holds</source>
        <translation>求解器可将休息时间从常规时间前后移动的范围，使休息错开、保证在岗人数</translation>
    </message>
    <message>
        <source>How far lunch may move from the middle of the shift</source>
        <translation>午餐时间可从班次中点前后移动的范围</translation>
    </message>
    <message>
        <source>When re-optimising: how much keeping the published roster is worth, per agent-day changed (in hours of a needed agent's service); higher moves fewer people</source>
        <translation>重新优化时：保持已发布排班的价值，按每个被改动的坐席日计（以所需坐席的服务小时计）；越高改动的人越少</translation>
    </message>
    <message>
        <source>How strongly nights and weekend days are spread evenly across eligible agents</source>
        <translation>夜班和周末班在符合条件的坐席之间平均分配的力度</translation>
    </message>
    <message>
        <source>Most paid hours the roster may use over the whole horizon (0 = no budget); below the contracts' minimum hours it cannot be met</source>
        <translation>整个排班周期内排班最多可用的带薪工时（0 = 不设预算）；低于合同最低工时则无法满足</translation>
    </message>
    <message>
        <source>no budget</source>
        <translation>不设预算</translation>
    </message>
    <message>
        <source>Minimum rest between shifts</source>
        <translation>班次间最少休息</translation>
    </message>
    <message>
        <source>Minimum staff on duty</source>
        <translation>最少在岗人数</translation>
    </message>
    <message>
        <source>Night starts</source>
        <translation>夜间开始</translation>
    </message>
    <message>
        <source>Night ends</source>
        <translation>夜间结束</translation>
    </message>
    <message>
        <source>Max nights per week</source>
        <translation>每周最多夜班</translation>
    </message>
    <message>
        <source>Max weekend days per week</source>
        <translation>每周最多周末天数</translation>
    </message>
    <message>
        <source>Min consecutive days off</source>
        <translation>最少连续休息天数</translation>
    </message>
    <message>
        <source>Short break</source>
        <translation>小休</translation>
    </message>
    <message>
        <source>Break every</source>
        <translation>小休间隔</translation>
    </message>
    <message>
        <source>Break window</source>
        <translation>休息可调范围</translation>
    </message>
    <message>
        <source>Lunch window</source>
        <translation>午餐可调范围</translation>
    </message>
    <message>
        <source>Change penalty</source>
        <translation>变更惩罚</translation>
    </message>
    <message>
        <source>Fairness weight</source>
        <translation>公平权重</translation>
    </message>
    <message>
        <source>Paid hours budget</source>
        <translation>带薪工时预算</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Events with the same name share a learned uplift</source>
        <translation>同名事件共用学习到的增幅</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>First day, e.g. 2025-12-01</source>
        <translation>第一天，例如 2025-12-01</translation>
    </message>
    <message>
        <source>To</source>
        <translation>到</translation>
    </message>
    <message>
        <source>Last day (inclusive)</source>
        <translation>最后一天（含）</translation>
    </message>
    <message>
        <source>Uplift %</source>
        <translation>增幅 %</translation>
    </message>
    <message>
        <source>Change of volume in percent (+60 = 60% more, -100 = closed); empty = learn it from past events of the same name</source>
        <translation>话务量变化百分比（+60 = 增加 60%，-100 = 关闭）；留空 = 从历史上的同名事件学习</translation>
    </message>
    <message>
        <source>percentage</source>
        <translation>百分比</translation>
    </message>
    <message>
        <source>Queues affected, separated by ';'; empty = all</source>
        <translation>受影响的队列，用“;”分隔；留空 = 全部</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>override: surge (+) or dip (−) in percent; deflection: share the chatbot resolves before an agent</source>
        <translation>override：按百分比激增（+）或下降（−）；deflection：由机器人在转人工前解决的比例</translation>
    </message>
    <message>
        <source>Percent</source>
        <translation>百分比</translation>
    </message>
    <message>
        <source>Override: +20 = 20% more contacts; deflection: 30 = 30% fewer reach agents</source>
        <translation>override：+20 = 话务增加 20%；deflection：30 = 到达人工的话务减少 30%</translation>
    </message>
    <message>
        <source>Queue it applies to; empty = every queue (or every queue of the channel)</source>
        <translation>适用的队列；留空 = 所有队列（或该渠道的所有队列）</translation>
    </message>
    <message>
        <source>For deflection: the channel whose queues it hits (voice, chat, email, social)</source>
        <translation>分流适用的渠道（voice、chat、email、social）</translation>
    </message>
    <message>
        <source>First day; empty = start of the horizon</source>
        <translation>第一天；留空 = 计划期开始</translation>
    </message>
    <message>
        <source>Last day (inclusive); empty = end of the horizon</source>
        <translation>最后一天（含）；留空 = 计划期结束</translation>
    </message>
    <message>
        <source>Mon</source>
        <translation>周一</translation>
    </message>
    <message>
        <source>Tue</source>
        <translation>周二</translation>
    </message>
    <message>
        <source>Wed</source>
        <translation>周三</translation>
    </message>
    <message>
        <source>Thu</source>
        <translation>周四</translation>
    </message>
    <message>
        <source>Fri</source>
        <translation>周五</translation>
    </message>
    <message>
        <source>Sat</source>
        <translation>周六</translation>
    </message>
    <message>
        <source>Sun</source>
        <translation>周日</translation>
    </message>
    <message>
        <source>every day</source>
        <translation>每天</translation>
    </message>
    <message>
        <source>day off</source>
        <translation>休息</translation>
    </message>
    <message>
        <source>working day</source>
        <translation>上班</translation>
    </message>
    <message>
        <source>start between</source>
        <translation>开始时间在</translation>
    </message>
    <message>
        <source>Add meeting</source>
        <translation>添加会议</translation>
    </message>
    <message>
        <source>Add a weekly meeting for a team that has none yet</source>
        <translation>为尚无会议的团队添加每周例会</translation>
    </message>
    <message>
        <source>Remove meeting</source>
        <translation>删除会议</translation>
    </message>
    <message>
        <source>Remove the selected team's meeting</source>
        <translation>删除所选团队的会议</translation>
    </message>
    <message>
        <source>Add window</source>
        <translation>添加时段</translation>
    </message>
    <message>
        <source>Remove window</source>
        <translation>删除时段</translation>
    </message>
    <message>
        <source>Remove the selected availability window</source>
        <translation>删除所选的可上班时段</translation>
    </message>
    <message>
        <source>Add preference</source>
        <translation>添加意愿</translation>
    </message>
    <message>
        <source>Add a window (Monday 09:00-17:00) for the agent of the selected row, or the first agent; then edit it</source>
        <translation>为所选行的坐席（未选时为第一位坐席）添加时段（周一 09:00-17:00），然后再修改</translation>
    </message>
    <message>
        <source>Add a wish (Saturday off) for the agent of the selected row, or the first agent; then edit it</source>
        <translation>为所选行的坐席（未选时为第一位坐席）添加意愿（周六休息），然后再修改</translation>
    </message>
    <message>
        <source>Remove preference</source>
        <translation>删除意愿</translation>
    </message>
    <message>
        <source>Remove the selected wish</source>
        <translation>删除所选意愿</translation>
    </message>
    <message>
        <source>The team that meets together, off the phones, once a week</source>
        <translation>每周一起离线开会一次的团队</translation>
    </message>
    <message>
        <source>Minutes per week</source>
        <translation>每周分钟数</translation>
    </message>
    <message>
        <source>Length of the weekly meeting (1–480 minutes); it must fit in the meeting window</source>
        <translation>每周例会的时长（1–480 分钟）；必须放得进会议时段</translation>
    </message>
    <message>
        <source>Earliest start of any team meeting each day (meetings are placed in quiet periods inside this window)</source>
        <translation>每天团队会议最早的开始时间（会议安排在此时段内的低峰期）</translation>
    </message>
    <message>
        <source>Latest end of any team meeting each day; 00:00 means midnight</source>
        <translation>每天团队会议最晚的结束时间；00:00 表示午夜</translation>
    </message>
    <message>
        <source>Meetings may be placed on this weekday</source>
        <translation>可在这一天安排会议</translation>
    </message>
    <message>
        <source>Meeting window</source>
        <translation>会议时段</translation>
    </message>
    <message>
        <source>Meeting days</source>
        <translation>会议日</translation>
    </message>
    <message>
        <source>Weekdays on which meetings may be placed (at least one)</source>
        <translation>可安排会议的星期几（至少一天）</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>坐席</translation>
    </message>
    <message>
        <source>Agent id; type the id or the agent's name</source>
        <translation>坐席编号；可输入编号或姓名</translation>
    </message>
    <message>
        <source>The agent's name (change it on the Agents tab)</source>
        <translation>坐席姓名（在“坐席”标签页中修改）</translation>
    </message>
    <message>
        <source>A weekday (Mon … Sun) the window repeats on, or one date (2025-12-06); empty = every day</source>
        <translation>该时段每周重复的星期（周一 … 周日），或某一个日期（2025-12-06）；留空 = 每天</translation>
    </message>
    <message>
        <source>From–to</source>
        <translation>起止时间</translation>
    </message>
    <message>
        <source>The window, e.g. 17:00-24:00; it may run past midnight (18:00-26:00). The agent works only shifts lying fully inside one of their windows; days with no window are days off</source>
        <translation>可上班时段，例如 17:00-24:00；可跨过午夜（18:00-26:00）。坐席只上完全落在其某个时段内的班次；没有时段的日子为休息日</translation>
    </message>
    <message>
        <source>Wish</source>
        <translation>意愿</translation>
    </message>
    <message>
        <source>day off: no shift that day · working day: a shift that day · start between: if working, start inside the From–to window</source>
        <translation>休息：当天不排班 · 上班：当天排一个班次 · 开始时间在：如果上班，班次在起止时间内开始</translation>
    </message>
    <message>
        <source>A weekday (Mon … Sun) the wish holds on, or one date (2025-12-06); empty = every day</source>
        <translation>意愿适用的星期（周一 … 周日），或某一个日期（2025-12-06）；留空 = 每天</translation>
    </message>
    <message>
        <source>Start window for 'start between', e.g. 08:00-10:00; other wishes ignore it</source>
        <translation>“开始时间在”的时间范围，例如 08:00-10:00；其他意愿忽略此项</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>Cost of not granting the wish, in head-intervals: 4 = one hour of one needed agent's service; 0 = ignore</source>
        <translation>未满足该意愿的代价，以“人·时段”计：4 = 一名所需坐席一小时的服务；0 = 忽略</translation>
    </message>
    <message>
        <source>weight</source>
        <translation>权重</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>{name} has unsaved changes from a session that ended unexpectedly. Restore them?</source>
        <translation>{name} 有上次意外结束时未保存的修改。是否恢复？</translation>
    </message>
</context>
<context>
    <name>CoverageView</name>
    <message>
        <source>Queue shown in the coverage charts</source>
        <translation>覆盖图中显示的队列</translation>
    </message>
    <message>
        <source>Whole horizon</source>
        <translation>整个计划期</translation>
    </message>
    <message>
        <source>Show every day instead of the day selected in the roster</source>
        <translation>显示所有日期，而不只是排班表中选中的那天</translation>
    </message>
    <message>
        <source>Agents</source>
        <translation>坐席</translation>
    </message>
    <message>
        <source>Service level %</source>
        <translation>服务水平 %</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>需求</translation>
    </message>
    <message>
        <source>Scheduled</source>
        <translation>已排</translation>
    </message>
    <message>
        <source>Predicted service level</source>
        <translation>预测服务水平</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>队列</translation>
    </message>
    <message>
        <source>Run the forecast and solve to see coverage</source>
        <translation>运行预测并求解后可查看覆盖情况</translation>
    </message>
    <message>
        <source>Service level {sl:.1%} (target {target:.0%}) · {short} understaffed intervals</source>
        <translation>服务水平 {sl:.1%}（目标 {target:.0%}）· {short} 个人手不足时段</translation>
    </message>
</context>
<context>
    <name>DataView</name>
    <message>
        <source>Choose a history file (CSV or XLSX)…</source>
        <translation>选择历史数据文件（CSV 或 XLSX）…</translation>
    </message>
    <message>
        <source>Choose file…</source>
        <translation>选择文件…</translation>
    </message>
    <message>
        <source>Contacts per queue per interval: start, queue, volume, AHT, abandoned</source>
        <translation>每个队列每个时段的话务：开始时间、队列、量、平均处理时长、放弃量</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Check the whole file and, if it is valid, use it as the history</source>
        <translation>检查整个文件，若有效则作为历史数据使用</translation>
    </message>
    <message>
        <source>Column mapping</source>
        <translation>列映射</translation>
    </message>
    <message>
        <source>Interval start</source>
        <translation>时段开始</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>队列</translation>
    </message>
    <message>
        <source>Volume</source>
        <translation>话务量</translation>
    </message>
    <message>
        <source>AHT (seconds)</source>
        <translation>平均处理时长（秒）</translation>
    </message>
    <message>
        <source>Abandoned</source>
        <translation>放弃量</translation>
    </message>
    <message>
        <source>Date and time the interval starts, local time</source>
        <translation>时段开始的日期和时间（本地时间）</translation>
    </message>
    <message>
        <source>Queue name as in the scenario</source>
        <translation>与场景中一致的队列名称</translation>
    </message>
    <message>
        <source>Contacts offered in the interval</source>
        <translation>该时段的进线量</translation>
    </message>
    <message>
        <source>Average handle time in seconds (optional)</source>
        <translation>平均处理时长，单位秒（可选）</translation>
    </message>
    <message>
        <source>Contacts abandoned before answer (optional)</source>
        <translation>接起前放弃的数量（可选）</translation>
    </message>
    <message>
        <source>Preview (first rows of the file)</source>
        <translation>预览（文件前若干行）</translation>
    </message>
    <message>
        <source>Problems found, by row</source>
        <translation>发现的问题（按行）</translation>
    </message>
    <message>
        <source>History in the plan, per queue</source>
        <translation>计划中的历史数据（按队列）</translation>
    </message>
    <message>
        <source>Choose history</source>
        <translation>选择历史数据</translation>
    </message>
    <message>
        <source>History (*.csv *.csv.gz *.xlsx)</source>
        <translation>历史数据 (*.csv *.csv.gz *.xlsx)</translation>
    </message>
    <message>
        <source>(not in file)</source>
        <translation>（文件中没有）</translation>
    </message>
    <message>
        <source>{n} columns; check the mapping, then Import</source>
        <translation>共 {n} 列；请检查映射后点击导入</translation>
    </message>
    <message>
        <source>map this column</source>
        <translation>请映射此列</translation>
    </message>
    <message>
        <source>choose the file column that holds it</source>
        <translation>选择包含该数据的文件列</translation>
    </message>
    <message>
        <source>Import history</source>
        <translation>导入历史数据</translation>
    </message>
    <message>
        <source>Checking the file…</source>
        <translation>正在检查文件…</translation>
    </message>
    <message>
        <source>Imported {rows:,} rows; the forecast is being updated</source>
        <translation>已导入 {rows:,} 行；正在更新预测</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>How to fix</source>
        <translation>修正方法</translation>
    </message>
    <message>
        <source>{n} problems: nothing was imported</source>
        <translation>{n} 个问题：未导入任何数据</translation>
    </message>
    <message>
        <source>First day</source>
        <translation>首日</translation>
    </message>
    <message>
        <source>Last day</source>
        <translation>末日</translation>
    </message>
    <message>
        <source>Intervals</source>
        <translation>时段数</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>话务量</translation>
    </message>
    <message>
        <source>Mean AHT s</source>
        <translation>平均处理时长（秒）</translation>
    </message>
</context>
<context>
    <name>DayTimeline</name>
    <message>
        <source>Drag a shift to move it, its edges to stretch or shrink it, a break to move it. Keys: arrows, Shift/Ctrl+arrows, Delete, L to lock.</source>
        <translation>拖动班次可移动，拖动两端可延长或缩短，拖动休息可移动休息。键盘：方向键、Shift/Ctrl+方向键、Delete、L 锁定。</translation>
    </message>
    <message>
        <source>No shifts on this day</source>
        <translation>当天没有班次</translation>
    </message>
    <message>
        <source>Select a day in the roster</source>
        <translation>请在排班表中选择一天</translation>
    </message>
    <message>
        <source>Breaks: {spans}</source>
        <translation>休息：{spans}</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <source>Move shift</source>
        <translation>移动班次</translation>
    </message>
    <message>
        <source>Change shift start</source>
        <translation>修改班次开始</translation>
    </message>
    <message>
        <source>Change shift end</source>
        <translation>修改班次结束</translation>
    </message>
    <message>
        <source>Move break</source>
        <translation>移动休息</translation>
    </message>
    <message>
        <source>Delete shift</source>
        <translation>删除班次</translation>
    </message>
    <message>
        <source>Unlock shift</source>
        <translation>解锁班次</translation>
    </message>
    <message>
        <source>Lock shift</source>
        <translation>锁定班次</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export roster</source>
        <translation>导出排班</translation>
    </message>
    <message>
        <source>Excel workbook (.xlsx)</source>
        <translation>Excel 工作簿 (.xlsx)</translation>
    </message>
    <message>
        <source>CSV, one row per shift (.csv)</source>
        <translation>CSV，每个班次一行 (.csv)</translation>
    </message>
    <message>
        <source>XLSX has the roster grid, day timelines, coverage and a summary</source>
        <translation>XLSX 包含排班表、每日时间轴、覆盖情况和汇总</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>First day to export</source>
        <translation>导出的第一天</translation>
    </message>
    <message>
        <source>Last day to export</source>
        <translation>导出的最后一天</translation>
    </message>
    <message>
        <source>Add a byte-order mark so Excel reads Chinese names in CSV</source>
        <translation>添加 BOM，使 Excel 正确读取 CSV 中的中文姓名</translation>
    </message>
    <message>
        <source>Tick the agents to export</source>
        <translation>勾选要导出的坐席</translation>
    </message>
    <message>
        <source>All agents</source>
        <translation>全部坐席</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>To</source>
        <translation>到</translation>
    </message>
    <message>
        <source>Agents</source>
        <translation>坐席</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
</context>
<context>
    <name>ForecastView</name>
    <message>
        <source>Queue shown in the chart</source>
        <translation>图中显示的队列</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>How many days of history to show before the forecast</source>
        <translation>在预测之前显示多少天的历史数据</translation>
    </message>
    <message>
        <source>Contacts per interval</source>
        <translation>每时段话务量</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>队列</translation>
    </message>
    <message>
        <source>History shown</source>
        <translation>显示历史</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Backtest accuracy</source>
        <translation>回测精度</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <source>Forecast not run yet</source>
        <translation>尚未运行预测</translation>
    </message>
    <message>
        <source>95% band</source>
        <translation>95% 区间</translation>
    </message>
    <message>
        <source>80% band</source>
        <translation>80% 区间</translation>
    </message>
    <message>
        <source>Forecast</source>
        <translation>预测</translation>
    </message>
    <message>
        <source>WAPE</source>
        <translation>WAPE</translation>
    </message>
    <message>
        <source>MASE</source>
        <translation>MASE</translation>
    </message>
    <message>
        <source>Bias</source>
        <translation>偏差</translation>
    </message>
    <message>
        <source>80% coverage</source>
        <translation>80% 覆盖率</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Planning steps (Ctrl+1 … Ctrl+6)</source>
        <translation>计划步骤（Ctrl+1 … Ctrl+6）</translation>
    </message>
    <message>
        <source>Solver</source>
        <translation>求解器</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Forecast</source>
        <translation>预测</translation>
    </message>
    <message>
        <source>Targets &amp; capacity</source>
        <translation>目标与产能</translation>
    </message>
    <message>
        <source>Staff &amp; rules</source>
        <translation>人员与规则</translation>
    </message>
    <message>
        <source>Roster</source>
        <translation>排班</translation>
    </message>
    <message>
        <source>&amp;New from scenario…</source>
        <translation>从场景新建(&amp;N)…</translation>
    </message>
    <message>
        <source>Start a plan from a scenario file</source>
        <translation>从场景文件开始新计划</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>Open a plan (.wfm) or a scenario (.toml)</source>
        <translation>打开计划 (.wfm) 或场景 (.toml)</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Save the plan</source>
        <translation>保存计划</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>Save the plan under a new name</source>
        <translation>以新名称保存计划</translation>
    </message>
    <message>
        <source>&amp;Export roster…</source>
        <translation>导出排班(&amp;E)…</translation>
    </message>
    <message>
        <source>Export the roster to Excel or CSV</source>
        <translation>将排班导出为 Excel 或 CSV</translation>
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
        <source>Run &amp;forecast</source>
        <translation>运行预测(&amp;F)</translation>
    </message>
    <message>
        <source>Forecast the horizon and compute requirements</source>
        <translation>预测计划期并计算人力需求</translation>
    </message>
    <message>
        <source>&amp;Solve roster</source>
        <translation>求解排班(&amp;S)</translation>
    </message>
    <message>
        <source>Build a roster in the background</source>
        <translation>在后台生成排班</translation>
    </message>
    <message>
        <source>&amp;Re-optimise around locks</source>
        <translation>保留锁定并重新优化(&amp;R)</translation>
    </message>
    <message>
        <source>Keep locked shifts, improve the rest</source>
        <translation>保留锁定的班次，优化其余班次</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <source>Stop the solver</source>
        <translation>停止求解器</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Plan</source>
        <translation>计划(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Forecasting…</source>
        <translation>正在预测…</translation>
    </message>
    <message>
        <source>Solving…</source>
        <translation>正在求解…</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <source>Forecast failed</source>
        <translation>预测失败</translation>
    </message>
    <message>
        <source>Solve failed</source>
        <translation>求解失败</translation>
    </message>
    <message>
        <source>Roster applied: {status}. Ctrl+Z undoes it.</source>
        <translation>已应用排班：{status}。按 Ctrl+Z 可撤销。</translation>
    </message>
    <message>
        <source>Stopped before a first roster was found</source>
        <translation>在找到第一个排班之前已停止</translation>
    </message>
    <message>
        <source>The solver found no roster (status {status}).</source>
        <translation>求解器没有找到排班（状态 {status}）。</translation>
    </message>
    <message>
        <source>Rules in conflict:</source>
        <translation>相互冲突的规则：</translation>
    </message>
    <message>
        <source>Give it more time, or relax rules and floors.</source>
        <translation>请延长求解时间，或放宽规则和覆盖下限。</translation>
    </message>
    <message>
        <source>No roster</source>
        <translation>没有排班</translation>
    </message>
    <message>
        <source>Edit refused: {reason}</source>
        <translation>无法修改：{reason}</translation>
    </message>
    <message>
        <source>{n} violations · updated in {ms:.0f} ms</source>
        <translation>{n} 项违规 · 更新耗时 {ms:.0f} 毫秒</translation>
    </message>
    <message>
        <source>New plan from scenario</source>
        <translation>从场景新建计划</translation>
    </message>
    <message>
        <source>Scenario (*.toml)</source>
        <translation>场景 (*.toml)</translation>
    </message>
    <message>
        <source>Open plan</source>
        <translation>打开计划</translation>
    </message>
    <message>
        <source>Plans and scenarios (*.wfm *.toml)</source>
        <translation>计划和场景 (*.wfm *.toml)</translation>
    </message>
    <message>
        <source>Save plan</source>
        <translation>保存计划</translation>
    </message>
    <message>
        <source>Plan (*.wfm)</source>
        <translation>计划 (*.wfm)</translation>
    </message>
    <message>
        <source>Save failed</source>
        <translation>保存失败</translation>
    </message>
    <message>
        <source>The plan has unsaved changes. Save them?</source>
        <translation>计划有未保存的修改。是否保存？</translation>
    </message>
</context>
<context>
    <name>PlanDocument</name>
    <message>
        <source>Re-optimise</source>
        <translation>重新优化</translation>
    </message>
    <message>
        <source>Solve</source>
        <translation>求解</translation>
    </message>
    <message>
        <source>there is no roster yet: solve first</source>
        <translation>还没有排班：请先求解</translation>
    </message>
    <message>
        <source>Import agents from {file}</source>
        <translation>从 {file} 导入坐席</translation>
    </message>
</context>
<context>
    <name>RequirementsHeatmapModel</name>
    <message>
        <source>agents required</source>
        <translation>所需坐席</translation>
    </message>
</context>
<context>
    <name>RequirementsView</name>
    <message>
        <source>Queue shown in the heatmap</source>
        <translation>热力图中显示的队列</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>队列</translation>
    </message>
    <message>
        <source>Agents required per interval (scheduled heads, shrinkage included). Hours of the day run across; hover a cell for its value.</source>
        <translation>每个时段所需坐席（排班人数，已含损耗）。横向为一天中的小时；鼠标停在格子上可查看数值。</translation>
    </message>
    <message>
        <source>Run the forecast to see requirements</source>
        <translation>运行预测后可查看人力需求</translation>
    </message>
    <message>
        <source>Peak {peak:g} agents · {hours:,.0f} agent-hours over {days} days</source>
        <translation>峰值 {peak:g} 人 · {days} 天共 {hours:,.0f} 人时</translation>
    </message>
</context>
<context>
    <name>RosterRulesPages</name>
    <message>
        <source>Team: team {team} is every agent of the centre, and the minimum staff rule keeps {n} on duty whenever a queue is open; split the team or set the minimum staff to 0</source>
        <translation>团队：{team} 团队包含中心的全部坐席，而最少在岗人数规则要求任一队列开放时至少 {n} 人在岗；请拆分该团队，或将最少在岗人数设为 0</translation>
    </message>
    <message>
        <source>{text} is not a day: write a weekday (Mon … Sun, or 0–6 with Mon=0), a date like 2025-12-06, or leave it empty for every day</source>
        <extracomment>weekday words typed in either language (Mon=0), besides the names shown in the current one</extracomment>
        <translation>{text} 不是日期：请写星期（周一 … 周日，或 0–6，周一=0）、日期（如 2025-12-06），或留空表示每天</translation>
    </message>
    <message>
        <source>the window starts at {time}: start it before 24:00</source>
        <translation>时段从 {time} 开始：请在 24:00 之前开始</translation>
    </message>
    <message>
        <source>the window ends before it starts: make the end later than the start; past midnight write e.g. 18:00-26:00</source>
        <translation>时段的结束早于开始：请让结束晚于开始；跨过午夜请写如 18:00-26:00</translation>
    </message>
    <message>
        <source>the window ends before it starts: make the end later than the start</source>
        <translation>时段的结束早于开始：请让结束晚于开始</translation>
    </message>
    <message>
        <source>the window ends after {time}: end it by then</source>
        <translation>时段结束晚于 {time}：请在此之前结束</translation>
    </message>
    <message>
        <source>unknown agent {name}: type an agent id such as {example}</source>
        <translation>未知坐席 {name}：请输入坐席编号，例如 {example}</translation>
    </message>
    <message>
        <source>Edit {what}</source>
        <translation>修改 {what}</translation>
    </message>
    <message>
        <source>Select the row to remove first</source>
        <translation>请先选择要删除的行</translation>
    </message>
    <message>
        <source>Remove {what}</source>
        <translation>删除 {what}</translation>
    </message>
    <message>
        <source>Agent: {id} is not an agent of this plan any more; pick another agent or remove the row</source>
        <translation>坐席：{id} 已不是本计划的坐席；请选择其他坐席或删除此行</translation>
    </message>
    <message>
        <source>{n} minutes do not fit in the meeting window {window}: widen the window first</source>
        <translation>{n} 分钟放不进会议时段 {window}：请先放宽时段</translation>
    </message>
    <message>
        <source>Team: no agent is in team {team} any more; pick another team or remove the meeting</source>
        <translation>团队：团队 {team} 已没有坐席；请选择其他团队或删除此会议</translation>
    </message>
    <message>
        <source>Minutes per week: {n} minutes do not fit in the meeting window; shorten the meeting or widen the window</source>
        <translation>每周分钟数：{n} 分钟放不进会议时段；请缩短会议或放宽时段</translation>
    </message>
    <message>
        <source>Every team already has a meeting; change its minutes instead</source>
        <translation>每个团队都已有会议；请改为修改其分钟数</translation>
    </message>
    <message>
        <source>Add meeting {team}</source>
        <translation>添加会议 {team}</translation>
    </message>
    <message>
        <source>Meeting window: the end is not after the start; make it end later</source>
        <translation>会议时段：结束时间不晚于开始时间；请把结束时间调晚</translation>
    </message>
    <message>
        <source>Meeting window: a {n}-minute meeting does not fit; widen the window or shorten the meeting</source>
        <translation>会议时段：{n} 分钟的会议放不进去；请放宽时段或缩短会议</translation>
    </message>
    <message>
        <source>Edit meeting window</source>
        <translation>修改会议时段</translation>
    </message>
    <message>
        <source>Meeting days: keep at least one weekday for meetings</source>
        <translation>会议日：至少保留一天用于开会</translation>
    </message>
    <message>
        <source>Edit meeting days</source>
        <translation>修改会议日</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Add availability {agent}</source>
        <translation>添加可上班时段 {agent}</translation>
    </message>
    <message>
        <source>unknown wish {wish}: choose {choices}</source>
        <translation>未知意愿 {wish}：请选择 {choices}</translation>
    </message>
    <message>
        <source>Add preference {agent}</source>
        <translation>添加意愿 {agent}</translation>
    </message>
    <message>
        <source>no agent is in team {team}: choose one of {teams}</source>
        <translation>团队 {team} 中没有坐席：请从 {teams} 中选择</translation>
    </message>
</context>
<context>
    <name>RosterTableModel</name>
    <message>
        <source>Day off</source>
        <translation>休息日</translation>
    </message>
    <message>
        <source>paid</source>
        <translation>带薪</translation>
    </message>
    <message>
        <source>Break</source>
        <translation>休息</translation>
    </message>
    <message>
        <source>Locked: re-optimising keeps this shift</source>
        <translation>已锁定：重新优化时保留此班次</translation>
    </message>
    <message>
        <source>Paid {hours:g} h ({per_week:.1f} h per week)</source>
        <translation>带薪 {hours:g} 小时（每周 {per_week:.1f} 小时）</translation>
    </message>
    <message>
        <source>{queue}: service level {sl:.1%}, {n} understaffed intervals</source>
        <translation>{queue}：服务水平 {sl:.1%}，{n} 个人手不足时段</translation>
    </message>
    <message>
        <source>{n} agents working</source>
        <translation>{n} 位坐席上班</translation>
    </message>
</context>
<context>
    <name>RosterView</name>
    <message>
        <source>Right-click a cell to delete, lock, swap or assign a shift. Keys: Delete, Ctrl+L lock/unlock, Enter shows the day timeline.</source>
        <translation>右键单击格子可删除、锁定、交换或指派班次。键盘：Delete、Ctrl+L 锁定/解锁、Enter 显示当天时间轴。</translation>
    </message>
    <message>
        <source>Coverage and service level</source>
        <translation>覆盖与服务水平</translation>
    </message>
    <message>
        <source>Violations</source>
        <translation>违规</translation>
    </message>
    <message>
        <source>Delete shift</source>
        <translation>删除班次</translation>
    </message>
    <message>
        <source>Lock / unlock shift</source>
        <translation>锁定/解锁班次</translation>
    </message>
    <message>
        <source>Swap with another agent…</source>
        <translation>与其他坐席交换…</translation>
    </message>
    <message>
        <source>Day timeline: {day}</source>
        <translation>当天时间轴：{day}</translation>
    </message>
    <message>
        <source>Violations ({n})</source>
        <translation>违规（{n}）</translation>
    </message>
    <message>
        <source>Unlock shift</source>
        <translation>解锁班次</translation>
    </message>
    <message>
        <source>Lock shift</source>
        <translation>锁定班次</translation>
    </message>
    <message>
        <source>Swap shifts</source>
        <translation>交换班次</translation>
    </message>
    <message>
        <source>Swap this day with:</source>
        <translation>将这一天与以下坐席交换：</translation>
    </message>
    <message>
        <source>Assign shift</source>
        <translation>指派班次</translation>
    </message>
    <message>
        <source>Lock several</source>
        <translation>批量锁定</translation>
    </message>
    <message>
        <source>Lock all shifts of this agent</source>
        <translation>锁定该坐席的所有班次</translation>
    </message>
    <message>
        <source>Lock all shifts of this day</source>
        <translation>锁定当天的所有班次</translation>
    </message>
    <message>
        <source>Unlock all shifts of this agent</source>
        <translation>解锁该坐席的所有班次</translation>
    </message>
    <message>
        <source>Unlock all shifts of this day</source>
        <translation>解锁当天的所有班次</translation>
    </message>
    <message>
        <source>Assign template</source>
        <translation>指派班次模板</translation>
    </message>
</context>
<context>
    <name>SolvePanel</name>
    <message>
        <source>The solver stops after this time with the best roster found</source>
        <translation>求解器在此时间后停止，并给出找到的最佳排班</translation>
    </message>
    <message>
        <source>Solve</source>
        <translation>求解</translation>
    </message>
    <message>
        <source>Build a new roster for the horizon</source>
        <translation>为计划期生成新排班</translation>
    </message>
    <message>
        <source>Re-optimise around locks</source>
        <translation>保留锁定并重新优化</translation>
    </message>
    <message>
        <source>Keep locked shifts exactly, improve the rest</source>
        <translation>完全保留锁定的班次，优化其余部分</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop now and keep the best roster found so far</source>
        <translation>立即停止并保留目前最佳排班</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>Objective</source>
        <translation>目标值</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>秒</translation>
    </message>
    <message>
        <source>Bound</source>
        <translation>界限</translation>
    </message>
    <message>
        <source>Time limit</source>
        <translation>时间上限</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Gap</source>
        <translation>差距</translation>
    </message>
    <message>
        <source>Elapsed</source>
        <translation>用时</translation>
    </message>
    <message>
        <source>Solving…</source>
        <translation>正在求解…</translation>
    </message>
    <message>
        <source>Forecasting…</source>
        <translation>正在预测…</translation>
    </message>
    <message>
        <source>Finished: {status}</source>
        <translation>完成：{status}</translation>
    </message>
</context>
<context>
    <name>StaffView</name>
    <message>
        <source>Agents</source>
        <translation>坐席</translation>
    </message>
    <message>
        <source>Contracts</source>
        <translation>合同</translation>
    </message>
    <message>
        <source>Shift templates</source>
        <translation>班次模板</translation>
    </message>
    <message>
        <source>Cover floors</source>
        <translation>覆盖下限</translation>
    </message>
    <message>
        <source>Rules</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Add agent</source>
        <translation>添加坐席</translation>
    </message>
    <message>
        <source>Add a new agent (copying the selected agent's team and contract)</source>
        <translation>添加新坐席（沿用所选坐席的团队和合同）</translation>
    </message>
    <message>
        <source>Remove agent</source>
        <translation>删除坐席</translation>
    </message>
    <message>
        <source>Remove the selected agent and their shifts</source>
        <translation>删除所选坐席及其班次</translation>
    </message>
    <message>
        <source>Import from XLSX/CSV…</source>
        <translation>从 XLSX/CSV 导入…</translation>
    </message>
    <message>
        <source>Read agents, skills, contracts and time off from a spreadsheet</source>
        <translation>从电子表格读取坐席、技能、合同和休假</translation>
    </message>
    <message>
        <source>Meetings</source>
        <translation>会议</translation>
    </message>
    <message>
        <source>Availability</source>
        <translation>可上班时段</translation>
    </message>
    <message>
        <source>Preferences</source>
        <translation>意愿</translation>
    </message>
    <message>
        <source>Edit {what}</source>
        <translation>修改 {what}</translation>
    </message>
    <message>
        <source>Row {row}: {problem}</source>
        <translation>第 {row} 行：{problem}</translation>
    </message>
    <message>
        <source>New agent {n}</source>
        <translation>新坐席 {n}</translation>
    </message>
    <message>
        <source>Select the agent to remove first</source>
        <translation>请先选择要删除的坐席</translation>
    </message>
    <message>
        <source>Remove agent {name}</source>
        <translation>删除坐席 {name}</translation>
    </message>
    <message>
        <source>Import agents</source>
        <translation>导入坐席</translation>
    </message>
    <message>
        <source>Spreadsheets (*.xlsx *.csv)</source>
        <translation>电子表格 (*.xlsx *.csv)</translation>
    </message>
    <message>
        <source>Import failed</source>
        <translation>导入失败</translation>
    </message>
    <message>
        <source>Edit rules</source>
        <translation>修改规则</translation>
    </message>
</context>
<context>
    <name>TargetsView</name>
    <message>
        <source>Service targets per queue. Double-click or type to edit; hover a column title for what it means.</source>
        <translation>各队列的服务目标。双击或直接输入即可编辑；鼠标停在列标题上可查看说明。</translation>
    </message>
    <message>
        <source>Edit target {what}</source>
        <translation>修改目标 {what}</translation>
    </message>
</context>
<context>
    <name>ViolationsTableModel</name>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>坐席</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
</context>
<context>
    <name>WhatIfView</name>
    <message>
        <source>Events</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Surges and deflection</source>
        <translation>激增与分流</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Add a row; the forecast is recomputed</source>
        <translation>添加一行；预测将重新计算</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Remove the selected row; the forecast is recomputed</source>
        <translation>删除所选行；预测将重新计算</translation>
    </message>
    <message>
        <source>What-if: {what}</source>
        <translation>假设分析：{what}</translation>
    </message>
    <message>
        <source>Campaign</source>
        <translation>促销活动</translation>
    </message>
</context>
<context>
    <name>editing_support</name>
    <message>
        <source>'{text}' is not a number: type a {what} between {lo} and {hi}{unit}</source>
        <translation>“{text}”不是数字：请输入 {lo} 到 {hi}{unit} 之间的{what}</translation>
    </message>
    <message>
        <source>{value}{unit} is outside {lo}–{hi}{unit}: type a {what} in that range</source>
        <translation>{value}{unit} 超出 {lo}–{hi}{unit}：请输入该范围内的{what}</translation>
    </message>
    <message>
        <source>'{text}' is not a whole number: type a whole {what}</source>
        <translation>“{text}”不是整数：请输入整数形式的{what}</translation>
    </message>
    <message>
        <source>'{text}' is not a time range: type it like 08:00-22:00</source>
        <translation>“{text}”不是时间段：请按 08:00-22:00 的格式输入</translation>
    </message>
</context>
<context>
    <name>self.window</name>
    <message>
        <source>Could not open the file</source>
        <translation>无法打开文件</translation>
    </message>
    <message>
        <source>Opened read-only</source>
        <translation>已以只读方式打开</translation>
    </message>
</context>
</TS>