export default function Page() {
  return <h1>situation</h1>;
}
