export default definePageConfig({ navigationBarTitleText: '网格边界' })
