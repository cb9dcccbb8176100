import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './views/app/App.tsx';
import './views/app/app.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
