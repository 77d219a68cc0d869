// The widget's styles, inside its shadow root: the host page's CSS does not
// reach in and these do not leak out. Sizes in px (the page may change the
// root font size). Colours meet WCAG AA: text #111827/#374151 on white,
// white on #1d4ed8 (6.7:1), errors #991b1b on #fef2f2.
export const CSS = `
:host{all:initial !important;display:block !important;position:static !important;visibility:visible !important;opacity:1 !important;transform:none !important;filter:none !important}
*,*::before,*::after{box-sizing:border-box}
[hidden]{display:none !important}
.root{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC",sans-serif;color:#111827;-webkit-font-smoothing:antialiased;text-align:left;letter-spacing:normal;word-spacing:normal;text-transform:none;direction:ltr}
button,input,textarea{font:inherit;color:inherit;margin:0}
button{cursor:pointer}
:focus-visible{outline:3px solid #111827;outline-offset:2px}
.sr{position:absolute !important;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
.launcher{position:fixed;right:20px;bottom:20px;z-index:2147483000;width:60px;height:60px;border-radius:50%;border:0;background:#1d4ed8;color:#fff;box-shadow:0 4px 14px rgba(0,0,0,.28);display:flex;align-items:center;justify-content:center;padding:0}
.launcher:hover{background:#1e40af}
.launcher svg{width:28px;height:28px;fill:currentColor}
.badge{position:absolute;top:-4px;right:-4px;min-width:22px;height:22px;padding:0 6px;border-radius:11px;background:#b91c1c;color:#fff;font-size:12px;font-weight:700;line-height:22px;text-align:center;border:2px solid #fff}
.panel{position:fixed;right:20px;bottom:92px;z-index:2147483000;width:370px;height:560px;max-height:calc(100vh - 112px);display:flex;flex-direction:column;background:#fff;border-radius:14px;box-shadow:0 12px 40px rgba(0,0,0,.3);overflow:hidden;border:1px solid #d1d5db}
@media (max-width:480px){.panel{right:0;bottom:0;width:100vw;height:100%;max-height:100%;border-radius:0}.launcher.open{display:none}}
.head{display:flex;align-items:center;gap:8px;padding:12px 12px 12px 16px;background:#1d4ed8;color:#fff}
.head h2{flex:1;margin:0;font-size:17px;font-weight:600;line-height:1.3;color:#fff}
.hbtn{border:1px solid rgba(255,255,255,.7);background:transparent;color:#fff;border-radius:8px;min-width:36px;height:36px;padding:0 10px;font-size:14px}
.hbtn svg{width:22px;height:22px;fill:currentColor;display:block}
.hbtn:hover{background:rgba(255,255,255,.15)}
.hbtn:focus-visible{outline:3px solid #fff;outline-offset:1px}
.status{padding:8px 16px;background:#eff6ff;color:#1e3a8a;font-size:14px;border-bottom:1px solid #dbeafe}
.status:empty{display:none}
.status p{margin:0}
.status .conn{color:#92400e;font-weight:600}
.body{flex:1;min-height:0;display:flex;flex-direction:column}
.scroll{flex:1;min-height:0;overflow-y:auto;padding:12px 14px}
.intro{margin:0 0 12px;color:#374151}
.field{display:flex;flex-direction:column;gap:4px;margin-bottom:12px}
.field label,.legend{font-weight:600;font-size:14px;color:#111827}
.input{width:100%;border:1px solid #6b7280;border-radius:8px;padding:8px 10px;background:#fff;color:#111827}
.input:focus-visible{outline:3px solid #1d4ed8;outline-offset:0;border-color:#1d4ed8}
textarea.input{resize:none;min-height:44px;max-height:140px}
.primary{border:0;border-radius:8px;padding:9px 16px;background:#1d4ed8;color:#fff;font-weight:600}
.primary:hover{background:#1e40af}
.primary:disabled,.primary[aria-disabled=true]{background:#4b5563;cursor:default}
.secondary{border:1px solid #6b7280;border-radius:8px;padding:8px 14px;background:#fff;color:#111827}
.secondary:hover{background:#f3f4f6}
.link{border:0;background:none;padding:0;color:#1d4ed8;text-decoration:underline;font-size:13px}
.log{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:8px}
.msg{display:flex;flex-direction:column;max-width:82%}
.msg.mine{align-self:flex-end;align-items:flex-end}
.msg.theirs{align-self:flex-start;align-items:flex-start}
.msg.system{align-self:center;max-width:95%;font-size:13px;color:#374151;font-style:italic;text-align:center}
.who{font-size:12px;color:#374151;margin:0 4px 2px}
.bubble{padding:8px 12px;border-radius:14px;white-space:pre-wrap;overflow-wrap:anywhere;word-break:break-word}
.mine .bubble{background:#1d4ed8;color:#fff;border-bottom-right-radius:4px}
.theirs .bubble{background:#f1f5f9;color:#111827;border-bottom-left-radius:4px;border:1px solid #e2e8f0}
.meta{font-size:12px;color:#4b5563;margin:2px 4px 0}
.meta .failed{color:#991b1b;font-weight:600}
.typing{min-height:22px;padding:0 16px 2px;font-size:13px;color:#374151;font-style:italic}
.compose{display:flex;gap:8px;align-items:flex-end;padding:10px 12px;border-top:1px solid #e5e7eb}
.compose .input{flex:1}
.foot{display:flex;justify-content:flex-end;align-items:center;gap:8px;padding:0 12px 10px;flex-wrap:wrap}
.foot p{margin:0;flex:1;font-size:14px}
.ended{margin:12px 0 0;padding:12px;border-radius:10px;background:#f9fafb;border:1px solid #e5e7eb}
.ended h3{margin:0 0 8px;font-size:16px}
.ended p{margin:0 0 8px}
.ended:focus{outline:none}
.rating{border:0;padding:0;margin:0 0 10px}
.legend{padding:0;margin-bottom:6px}
.stars{display:flex;gap:6px;flex-direction:row}
.star{position:relative}
.star input{position:absolute;opacity:0;width:40px;height:40px;margin:0;cursor:pointer}
.star span{display:flex;width:40px;height:40px;align-items:center;justify-content:center;font-size:22px;border:1px solid #6b7280;border-radius:8px;color:#374151;background:#fff}
.star input:checked+span,.star.on span{background:#fef3c7;border-color:#92400e;color:#78350f}
.star input:focus-visible+span{outline:3px solid #1d4ed8;outline-offset:2px}
.row{display:flex;gap:8px;flex-wrap:wrap}
.error{display:flex;gap:8px;align-items:flex-start;margin:0;padding:8px 12px;background:#fef2f2;color:#991b1b;font-size:14px;border-top:1px solid #fecaca}
.error:empty{display:none}
.error p{flex:1;margin:0}
.error button{border:0;background:none;color:#991b1b;font-size:18px;line-height:1;padding:0 4px}
`;
