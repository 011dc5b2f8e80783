export default definePageConfig({ navigationBarTitleText: '场地与社会组织' })
