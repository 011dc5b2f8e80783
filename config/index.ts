import path from 'node:path'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import devConfig from './dev'
import prodConfig from './prod'

const isWeapp = process.env.TARO_ENV === 'weapp'
// types/ (shared zod contracts) lives outside src/: let Taro's babel-loader compile it too.
const sharedTypes = path.resolve(__dirname, '..', 'types')

// API_BASE: '' on H5 means "same origin" (the node entry serves the H5 build and the API together);
// the weapp has no origin, so it defaults to a local server for WeChat DevTools.
const apiBase = process.env.LINLI_API_BASE ?? (isWeapp ? 'http://127.0.0.1:3000' : '')
// CLOUD_ENV: a WeChat cloud environment id; '' = no cloud transport, plain HTTP.
const cloudEnv = process.env.LINLI_CLOUD_ENV ?? ''

export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'linli',
    date: '2026-11-27',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: process.env.OUTPUT_ROOT || 'dist',
    plugins: [],
    defineConstants: {
      API_BASE: JSON.stringify(apiBase),
      CLOUD_ENV: JSON.stringify(cloudEnv),
    },
    alias: {
      '@': path.resolve(__dirname, '..', 'src'),
      // the zod contracts shared with the server (types/): `@contracts/checkups` instead of ../../../../types/checkups
      '@contracts': sharedTypes,
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    // esbuild minifies in about half terser's time (npm start builds H5 on first run); minify only:
    // syntax lowering stays babel's job (browserslist)
    jsMinimizer: 'esbuild',
    esbuild: { minify: { enable: true, config: { target: 'esnext' } } },
    mini: {
      compile: { include: [sharedTypes] },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
    h5: {
      publicPath: '/',
      compile: { include: [sharedTypes] },
      staticDirectory: 'static',
      router: { mode: 'browser' },
      output: { filename: 'js/[name].[hash:8].js', chunkFilename: 'js/[name].[chunkhash:8].js' },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[hash].css',
        chunkFilename: 'css/[name].[chunkhash].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
  }
  if (process.env.NODE_ENV === 'development') return merge({}, baseConfig, devConfig)
  return merge({}, baseConfig, prodConfig)
})
