export default definePageConfig({ navigationBarTitleText: '精准滴灌名单' })
