declare module '*.graphql' {
  const source: string;
  export default source;
}

/** One Vuetify component by its own path (evaluated on demand; `vuetify/lib` itself is typed). */
declare module 'vuetify/lib/components/VAlert' {
  import { VAlert } from 'vuetify/lib';
  export default VAlert;
}
