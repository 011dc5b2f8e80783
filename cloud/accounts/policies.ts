import type { TConsentKind, TPolicyDocument } from '../../types/accounts'

/**
 * The texts a person agrees to. Changing a text means a new version: people are asked again
 * (privacy) or before their next use of the feature (health, location).
 */
export const POLICY_DOCUMENTS: Record<TConsentKind, TPolicyDocument> = {
  privacy: {
    kind: 'privacy',
    version: '2026-11',
    title: '邻里通隐私政策',
    text: [
      '欢迎使用邻里通。我们是街道和社区为居民提供的服务平台，只收集办事所必需的信息。',
      '一、我们收集什么：手机号（用于登录和接收通知）、您所在的社区、您主动提交的随手拍照片和描述、积分与志愿服务记录。',
      '二、照片：上传前会去除拍摄时间、手机型号和 GPS 位置等隐藏信息，原图不保存。对外公开的案件不显示您的姓名和门牌号。',
      '三、谁能看到：只有负责您所在社区的工作人员能看到您的联系方式；其他社区看不到您的任何信息。',
      '四、家人代办：家人绑定您的账号需要您本人确认（或在社区窗口由工作人员当面确认）。家人替您做的每件事都会记录，并通知您。',
      '五、健康信息：体检预约涉及健康信息，需要您另外单独同意，可随时撤回。',
      '六、位置信息：只在随手拍定位问题地点时使用，需要您另外同意，可随时撤回。',
      '七、您的权利：您可以随时查看、更正您的信息，撤回授权，或注销账号。联系方式：所在社区居委会。',
    ].join('\n'),
  },
  health: {
    kind: 'health',
    version: '2026-11',
    title: '健康信息授权',
    text: [
      '预约老年人免费体检需要使用您的姓名、出生日期、身份证号后四位和预约记录，这些属于敏感个人信息。',
      '它们只给社区卫生服务中心和您所在社区的工作人员用于安排体检，不用于其他目的。',
      '体检的医学结果不在邻里通保存。您可以随时撤回本授权，撤回后不能在线预约，但仍可到社区窗口或打电话预约。',
    ].join('\n'),
  },
  location: {
    kind: 'location',
    version: '2026-11',
    title: '位置信息授权',
    text: ['随手拍时，我们使用您手机的位置来标出问题地点，方便工作人员找到现场。', '位置只和您提交的问题一起保存，不会持续跟踪您。您也可以不授权，改为手动填写地址。'].join('\n'),
  },
}
