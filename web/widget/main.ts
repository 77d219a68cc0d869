// Placeholder: the chat widget (docs/chat.md).
export const version = "0";
