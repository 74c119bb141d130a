"""Chinese names of audit actions, for the auditor's screens. Unknown actions show their code."""

OBJECTS = {
    "project": "项目", "region": "行政区划", "unit": "单位", "person": "人员", "chain": "产业链",
    "working_group": "专项工作组", "role": "角色", "user": "账号", "api_token": "接口令牌",
    "calendar": "工作日历", "exchange": "数据交换", "demo": "演示数据", "daily": "日报", "photo": "照片",
    "problem": "问题", "visit": "走访", "visit_delegate": "走访代录授权", "chain_item": "产业链清单事项",
    "supply_link": "上下游配套关系", "lead": "招商项目", "ladder_post": "问题提级层级", "auth": "账号",
    "task": "清单任务", "bulletin": "督查通报", "letter": "督办函件", "dekad": "每旬必督", "work_reminder": "工作提示", "dispatch_order": "调度令",
    "reception_day": "企业家接待日", "reception_visit": "接待来访", "approval_item": "审批事项", "loan_request": "融资需求",
    "security": "账号安全", "notify_preference": "通知设置", "outbox_item": "待发消息",
    "factor_request": "要素保障需求", "land_cleanup": "园区土地清理", "consultation": "月度会商", "agenda_item": "会商议题",
    "attendance": "参会情况", "decision": "议定事项",
    "post": "评议岗位", "rating_round": "评议轮次", "post_rating": "岗位评议", "accountability": "问责案件", "schedule": "定时任务",
    "statistic": "统计数据", "quarterly": "每季必考",
}
VERBS = {
    "create": "新建", "update": "修改", "change_stage": "变更阶段", "set_plan": "设置年度计划",
    "record_progress": "记录进度", "set_milestones": "修改进度节点", "assign": "分配", "revoke": "撤销",
    "seed": "导入法定节假日", "set_day": "设置节假日/调休", "clear_day": "删除节假日/调休",
    "import": "导入", "export": "导出", "load": "载入", "submit": "提交", "resubmit": "更新",
    "attach_photos": "上传照片", "chase": "催报", "demo": "载入演示数据", "upload": "上传", "raise": "登记", "delete": "删除",
    "start": "开始办理", "solve": "办理解决", "confirm": "确认办结", "reopen": "退回重办", "escalate": "提级办理",
    "flag_overdue": "逾期标记", "rate": "评价", "login": "登录", "logout": "退出", "login_failed": "登录失败",
    "password_change": "修改密码", "otp_enrol": "绑定验证器", "disable": "停用", "enable": "启用", "unlock": "解除锁定",
    "reset_2fa": "重置两步验证", "reset_password": "重置密码", "draft": "生成草稿", "edit": "修改草稿", "issue": "印发",
    "receive": "签收", "answer": "回复", "close": "办结", "withdraw": "作废", "run_round": "运行督查",
    "settings": "修改督查设置", "set_monthly_plan": "设置月度计划", "send": "发送",
    "complete": "完成", "cancel": "取消", "refresh": "重新计算",
    "change_status": "变更状态", "follow_up": "跟进", "encrypt_fields": "加密存储个人信息", "retry": "重发",
    "consult": "提交会商", "decide": "议定", "deliver": "确认到位", "decline": "不予保障", "restore": "恢复", "move": "调整顺序",
}


# Whole actions whose verb reads differently for this object.
ACTIONS = {"problem.assign": "问题·交办", "letter.escalate": "督办函件·升级督办", "task.reopen": "清单任务·重新打开",
           "reception_visit.answer": "接待来访·答复",
           "consultation.draft": "月度会商·生成议程", "agenda_item.delete": "会商议题·移出议程",
           "quarterly.method_create": "每季必考·新建考核办法", "quarterly.method_update": "每季必考·修改考核办法",
           "quarterly.method_activate": "每季必考·施行考核办法", "quarterly.method_copy": "每季必考·复制考核办法",
           "quarterly.score": "每季必考·季度评分", "quarterly.confirm_score": "每季必考·确认考核结果",
           "quarterly.award_add": "每季必考·增补奖项", "quarterly.award_remove": "每季必考·撤销奖项"}


def action_label(action: str) -> str:
    """`project.change_stage` → `项目·变更阶段`."""
    if action in ACTIONS:
        return ACTIONS[action]
    obj, _, verb = action.partition(".")
    if obj in OBJECTS and verb in VERBS:
        return f"{OBJECTS[obj]}·{VERBS[verb]}"
    return action
