export default defineAppConfig({
  pages: ['pages/index/index', 'pages/report/index', 'pages/me/index', 'pages/login/index', 'pages/consent/index', 'pages/password/index'],
  subPackages: [
    { root: 'packages/reports', pages: ['index/index', 'mine/index', 'detail/index', 'community/index'] },
    {
      root: 'packages/points',
      pages: [
        'index/index',
        'shop/index',
        'rules/index',
        'ranking/index',
        'checkin/index',
        'redemption/index',
        'staff/index',
        'staff/rules/index',
        'staff/goods/index',
        'staff/adjust/index',
        'staff/ledger/index',
      ],
    },
    { root: 'packages/timebank', pages: ['index/index', 'ask/index', 'requests/index', 'tasks/index', 'hours/index', 'verify/index', 'staff/index/index'] },
    { root: 'packages/checkups', pages: ['index/index', 'booking/index', 'staff/index/index', 'staff/sessions/index', 'staff/roster/index', 'staff/counter/index'] },
    { root: 'packages/family', pages: ['bind/index'] },
    { root: 'packages/staff', pages: ['index/index', 'reports/index/index', 'reports/detail/index'] },
    // 报表通 (数据概览, 精准滴灌名单, 月度报表 and its print page)
    { root: 'packages/dashboard', pages: ['index/index', 'lists/index', 'monthly/index', 'print/index'] },
    // 独居老人关爱 (关爱预警, 关爱登记, the family's 用水关爱)
    { root: 'packages/care', pages: ['alerts/index', 'alert/index', 'enrol/index', 'family/index'] },
    // 场地预约 and 社会组织 (跨社区资源共享)
    { root: 'packages/resources', pages: ['index/index', 'detail/index', 'mine/index', 'org/index', 'org-checkin/index', 'staff/index'] },
    // 议事协商 (议题, 表决, 议事会签到; 工作台 staff/index)
    { root: 'packages/deliberation', pages: ['index/index', 'propose/index', 'topic/index', 'vote/index', 'checkin/index', 'staff/index'] },
    // 管理 (street admin, 片区 lead)
    { root: 'packages/admin', pages: ['index/index', 'org/index', 'staff/index', 'staff/import', 'settings/index', 'audit/index', 'boundaries/index', 'people/index'] },
  ],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '邻里通',
    navigationBarTextStyle: 'black',
  },
  tabBar: {
    // weapp: src/custom-tab-bar (large in 长辈模式; the native bar cannot be); H5 keeps Taro's own
    custom: process.env.TARO_ENV === 'weapp',
    color: '#4a4a4a',
    selectedColor: '#0a58ca',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      { pagePath: 'pages/index/index', text: '首页', iconPath: 'assets/tabbar/home.png', selectedIconPath: 'assets/tabbar/home-active.png' },
      { pagePath: 'pages/report/index', text: '随手拍', iconPath: 'assets/tabbar/report.png', selectedIconPath: 'assets/tabbar/report-active.png' },
      { pagePath: 'pages/me/index', text: '我的', iconPath: 'assets/tabbar/me.png', selectedIconPath: 'assets/tabbar/me-active.png' },
    ],
  },
  requiredPrivateInfos: ['getLocation', 'chooseLocation'],
  permission: {
    'scope.userLocation': { desc: '用于随手拍时标注问题发生的位置，方便社区尽快处理' },
  },
  __usePrivacyCheck__: true,
  lazyCodeLoading: 'requiredComponents',
})
