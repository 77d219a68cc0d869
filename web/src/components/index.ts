// Shared UI for every page. The chart is not here: import it from
// "components/Chart" so that pages without charts do not load uPlot.
export { ErrorBanner, type ErrorBannerProps } from "./ErrorBanner";
export { ErrorBoundary } from "./ErrorBoundary";
export { fieldError, errorKey, errorDetail } from "./errors";
export { Field, type FieldProps } from "./Field";
export { Elapsed, Countdown } from "./Timer";
export { onTick } from "./ticker";
export { Modal } from "./Modal";
export { LiveStatus } from "./LiveStatus";
export { Loading } from "./Loading";
export { Stat } from "./Stat";
export { LanguageSwitch } from "./LanguageSwitch";
export { useFormat } from "./useFormat";
export { Link, navigate, useLocation } from "../lib/router";
export { Tabs, type TabDef } from "./Tabs";
export { useApi, type ApiState } from "./useApi";
export { useVirtualRows, type VirtualWindow } from "./useVirtualRows";
export { useThrottled } from "./useThrottled";
export { useInView } from "./useInView";
