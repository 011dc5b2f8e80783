export default definePageConfig({ navigationBarTitleText: '关爱登记' })
