export default function Page() {
  return <h1>pathway-page</h1>;
}
