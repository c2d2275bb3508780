export default function Page() {
  return <h1>my-pathways</h1>;
}
