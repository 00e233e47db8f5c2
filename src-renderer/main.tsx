import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@fontsource/noto-sans/cyrillic-ext-400.css';
import '@fontsource/noto-sans/cyrillic-ext-700.css';
import '@fontsource/noto-sans/cyrillic-400.css';
import '@fontsource/noto-sans/cyrillic-700.css';
import '@fontsource/noto-sans/latin-400.css';
import '@fontsource/noto-sans/latin-700.css';
import './styles/base.css';
import './styles/components.css';
import './styles/keyboard.css';
import './a11y/display.css';
import { App } from './App';
import './i18n';
import { setTeardown } from './session/wipe';
import { followDisplayChoices } from './a11y/document-display';
import { installLockdown } from './a11y/lockdown';

installLockdown();
followDisplayChoices();

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root');
const root = createRoot(container);
setTeardown(() => root.unmount());
root.render(
  <StrictMode>
    <App />
  </StrictMode>,
);
