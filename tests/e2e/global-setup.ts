import { buildIfStale } from '../weapp/global-setup'

export default async function globalSetup(): Promise<void> {
  buildIfStale('build:h5', 'dist/h5', 'index.html')
}
