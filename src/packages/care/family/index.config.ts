export default definePageConfig({ navigationBarTitleText: '用水关爱' })
