export {
  escalationForecast,
  limitOn,
  isEscalating,
  utcDay,
  FORECAST_DAYS,
  DEFAULT_LIMIT,
} from "./forecast.js";
export type { HourlyCount } from "./forecast.js";
