export default function Page() {
  return <h1>cpts-page</h1>;
}
