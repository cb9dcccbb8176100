import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './views/app/App.tsx';
import './views/app/app.css';
import { startUrlSync } from './state/url-sync.ts';

startUrlSync();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
