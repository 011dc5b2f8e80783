export default definePageConfig({ navigationBarTitleText: '导入居民和老人台账' })
