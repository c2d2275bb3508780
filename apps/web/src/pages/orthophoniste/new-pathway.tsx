export default function Page() {
  return <h1>new-pathway</h1>;
}
