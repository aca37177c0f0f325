export { escalationForecast, limitOn, isEscalating, utcDay } from "./forecast.js";
